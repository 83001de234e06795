package io.signlink.httpclient;

import io.signlink.http.BearerChallenge;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;

/**
 * A JDK {@link HttpClient} that sends a SignLink-managed bearer token: {@link #send} adds {@code
 * Authorization: Bearer …} (replacing any the request had) and follows the rule of {@link
 * BearerTokens#exchange} — one refresh and one retry after a 401 that refuses the token; a second
 * 401, a 403 and every other answer are returned as they are.
 *
 * <p>A request whose body publisher does not know its length ({@code BodyPublishers.ofInputStream},
 * a {@code fromPublisher} stream) is not sent twice: its refusal is returned and the token is
 * replaced, so re-sending the stream works. A refused response whose body handler gave a stream
 * ({@code ofInputStream}, {@code ofLines}) is closed before the retry.
 *
 * <p>Thread-safe: the JDK client and the token source are.
 */
public final class SignLinkHttpClient {
  private final HttpClient client;
  private final BearerTokens tokens;

  private SignLinkHttpClient(HttpClient client, BearerTokens tokens) {
    this.client = Objects.requireNonNull(client, "client");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * Wraps {@code client}; {@code tokens} is the connection's token source, e.g. {@code new
   * ConnectionBearerTokens(tokenManager, connectionId)}.
   */
  public static SignLinkHttpClient wrap(HttpClient client, BearerTokens tokens) {
    return new SignLinkHttpClient(client, tokens);
  }

  /** The wrapped client, for calls that must not carry the token. */
  public HttpClient client() {
    return client;
  }

  /**
   * Sends {@code request} with the connection's token, like {@link HttpClient#send}.
   *
   * @throws io.signlink.error.SignLinkException when no token can be had (e.g. {@link
   *     io.signlink.error.ReauthRequiredException}: the user must reconnect)
   */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    try {
      return tokens.exchange(new JdkExchange<>(request, handler));
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // JdkExchange throws nothing else
    }
  }

  /** One request through the JDK client, as {@link BearerTokens#exchange} sees it. */
  private final class JdkExchange<T> implements BearerTokens.Exchange<HttpResponse<T>, Exception> {
    private final HttpRequest request;
    private final HttpResponse.BodyHandler<T> handler;

    JdkExchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      this.request = request;
      this.handler = handler;
    }

    @Override
    public HttpResponse<T> send(Secret token) throws IOException, InterruptedException {
      HttpRequest authorized =
          HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
              .header("Authorization", "Bearer " + token.reveal())
              .build();
      return client.send(authorized, handler);
    }

    @Override
    public boolean refusesToken(HttpResponse<T> response) {
      return BearerChallenge.refusesToken(
          response.statusCode(), response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Override
    public boolean replayable() {
      // A publisher of unknown length is a stream: the JDK cannot be trusted to send it twice.
      return request.bodyPublisher().map(p -> p.contentLength() >= 0).orElse(true);
    }

    @Override
    public void discard(HttpResponse<T> response) throws IOException {
      Object body = response.body();
      if (body instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("Could not close a refused response", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "SignLinkHttpClient[" + tokens + "]";
  }
}
