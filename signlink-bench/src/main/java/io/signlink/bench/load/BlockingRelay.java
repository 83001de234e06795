package io.signlink.bench.load;

import io.signlink.server.api.ProviderClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * A second hop built the way SignLink's proxy is, with nothing else: a blocking Jetty handler
 * (Jetty hands each request to a pool thread) that sends the request's method, path, query and
 * {@code Authorization} on SignLink's own provider client ({@link ProviderClient}, Apache HttpCore
 * over pooled, kept-alive connections) and writes the (small, read whole) answer's status, {@code
 * Content-Type} and body back. Read beside {@link BareRelay} it prices the threading model (a pool
 * thread waiting for each answer against none), and beside SignLink's proxy it prices SignLink's
 * own work (key, owner and token checks, header rules, security headers, access log and timer). Not
 * thread-safe; close it after the run.
 */
final class BlockingRelay extends Relay {
  private BlockingRelay(ProviderClient client, HttpHost target) throws IOException {
    super(new Forward(client, target), "the blocking relay", client);
  }

  /** Listens on a free loopback port and forwards to {@code target}'s scheme, host and port. */
  static BlockingRelay start(URI target) throws IOException {
    return new BlockingRelay(
        new ProviderClient(), new HttpHost(target.getScheme(), target.getHost(), target.getPort()));
  }

  private static final class Forward extends Handler.Abstract {
    private final ProviderClient client;
    private final HttpHost target;

    Forward(ProviderClient client, HttpHost target) {
      this.client = client;
      this.target = target;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      BasicClassicHttpRequest forward =
          new BasicClassicHttpRequest(
              request.getMethod(), target, request.getHttpURI().getPathQuery());
      String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (authorization != null) {
        forward.setHeader("Authorization", authorization);
      }
      try (ClassicHttpResponse answer = client.open(forward, false)) {
        byte[] body = readSmall(answer.getEntity());
        response.setStatus(answer.getCode());
        Header type = answer.getFirstHeader("Content-Type");
        if (type != null) {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, type.getValue());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (Blocker.Callback written = Blocker.callback()) {
          response.write(true, ByteBuffer.wrap(body), written);
          written.block();
        }
        callback.succeeded();
      } catch (IOException e) {
        if (response.isCommitted()) {
          callback.failed(e);
        } else {
          Response.writeError(request, response, callback, 502);
        }
      }
      return true;
    }

    private static byte[] readSmall(HttpEntity entity) throws IOException {
      if (entity == null) {
        return new byte[0];
      }
      try (InputStream in = entity.getContent()) {
        byte[] body = in.readNBytes(MAX_ANSWER + 1);
        if (body.length > MAX_ANSWER) {
          throw new IOException("answer over " + MAX_ANSWER + " bytes");
        }
        return body;
      }
    }
  }
}
