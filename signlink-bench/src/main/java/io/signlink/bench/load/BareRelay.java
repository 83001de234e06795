package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/**
 * The least a second hop can cost here: a Jetty server whose handler forwards each request's
 * method, path, query and {@code Authorization} to the target on Jetty's asynchronous {@code
 * HttpClient} and writes the (small, buffered) answer's status, {@code Content-Type} and body back,
 * both sides declared non-blocking so that Jetty runs them on its network threads and no thread
 * waits for the answer. No checks, limits, token, header rules or streaming: it is the ceiling the
 * proxy rows are read against, not a proxy. Not thread-safe; close it after the run.
 */
final class BareRelay extends Relay {
  private BareRelay(HttpClient client, String origin) throws IOException {
    super(new Forward(client, origin), "the bare relay", client::stop);
  }

  /** Listens on a free loopback port and forwards to {@code target}'s scheme, host and port. */
  static BareRelay start(URI target) throws IOException {
    HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(new ClientConnector());
    transport.setInvocationType(InvocationType.NON_BLOCKING);
    HttpClient client = new HttpClient(transport);
    client.setFollowRedirects(false);
    try {
      client.start();
    } catch (Exception e) {
      throw new IOException("the bare relay's client did not start", e);
    }
    // Its start adds gzip decoding (and so Accept-Encoding); the relay passes answers as they are.
    client.getContentDecoderFactories().clear();
    return new BareRelay(client, target.getScheme() + "://" + target.getRawAuthority());
  }

  private static final class Forward extends Handler.Abstract {
    private final HttpClient client;
    private final String origin;

    Forward(HttpClient client, String origin) {
      this.client = client;
      this.origin = origin;
    }

    @Override
    public InvocationType getInvocationType() {
      return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      client
          .newRequest(origin + request.getHttpURI().getPathQuery())
          .method(request.getMethod())
          .headers(
              h -> {
                if (authorization != null) {
                  h.put(HttpHeader.AUTHORIZATION, authorization);
                }
              })
          .send(
              new BufferingResponseListener(MAX_ANSWER) {
                @Override
                public void onComplete(Result result) {
                  if (result.isFailed()) {
                    Response.writeError(request, response, callback, 502);
                    return;
                  }
                  response.setStatus(result.getResponse().getStatus());
                  String type = result.getResponse().getHeaders().get(HttpHeader.CONTENT_TYPE);
                  if (type != null) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
                  }
                  byte[] body = getContent();
                  response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                  response.write(true, ByteBuffer.wrap(body), callback);
                }
              });
      return true;
    }
  }
}
