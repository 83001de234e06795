package io.signlink.connection;

import io.signlink.error.ProviderRejectedException;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a provider API call with a connection's bearer token under the rule of {@link
 * io.signlink.provider.api.BearerTokens} (refresh once, retry once on a 401 that refuses the token,
 * SECURITY.md §retry-on-401, RFC 6750 §3.1). As a typed client it turns the refusal that survives
 * the retry into an error instead of a response. A 403 ({@code insufficient_scope}, wrong account)
 * is returned as is. The token travels only in the {@code Authorization} header (SECURITY.md
 * §api-responses). Thread-safe; holds no per-call state.
 */
public final class AuthorizedCall {

  /** One attempt of a call with a given token. */
  @FunctionalInterface
  public interface Attempt<R> {
    R send(Secret token);
  }

  private final TokenManager tokens;
  private final HttpTransport transport;
  private final long maxResponseBytes;

  public AuthorizedCall(TokenManager tokens, HttpTransport transport, long maxResponseBytes) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.transport = Objects.requireNonNull(transport, "transport");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * Sends the request built by {@code request} (without an {@code Authorization} header; it is
   * added here) and returns the response, which may be any status but a twice-refused 401.
   *
   * @throws ProviderRejectedException {@code invalid_token} when the refreshed token is refused too
   */
  public HttpResult send(String connectionId, Supplier<HttpRequest.Builder> request) {
    Objects.requireNonNull(request, "request");
    return call(
        connectionId,
        token ->
            transport.send(
                request.get().setHeader("Authorization", "Bearer " + token.reveal()).build(),
                maxResponseBytes),
        BearerChallenge::refusesToken);
  }

  /**
   * The same rule for any client: {@code refused} tells whether a result means the token was not
   * accepted.
   *
   * @throws ProviderRejectedException {@code invalid_token} when the refreshed token is refused too
   */
  public <R> R call(String connectionId, Attempt<R> attempt, Predicate<R> refused) {
    ConnectionBearerTokens bearer = new ConnectionBearerTokens(tokens, connectionId);
    R result = bearer.call(attempt::send, refused);
    if (refused.test(result)) {
      throw new ProviderRejectedException(
          tokens.accessToken(connectionId).providerId(),
          "invalid_token",
          null,
          401,
          null,
          "The API refused a freshly refreshed token of connection "
              + connectionId
              + "; check the connection's account and scopes, or reconnect");
    }
    return result;
  }
}
