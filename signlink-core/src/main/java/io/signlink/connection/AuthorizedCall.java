package io.signlink.connection;

import io.signlink.error.ProviderRejectedException;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a provider API call with a connection's bearer token and refreshes on a 401, once
 * (SECURITY.md §retry-on-401, RFC 6750 §3.1): the call runs with the current token; if the resource
 * server refuses the token ({@code 401} with {@code WWW-Authenticate: Bearer
 * error="invalid_token"}, or a bare 401), one refresh is forced (or another caller's newer token
 * taken) and the call is retried once. A second 401 is an error, never a loop. A 403 ({@code
 * insufficient_scope}, wrong account) is returned as is: a new token would not change what the
 * account may do. The token travels only in the {@code Authorization} header (SECURITY.md
 * §api-responses). Thread-safe; holds no per-call state.
 */
public final class AuthorizedCall {

  /** One attempt of a call with a given token. */
  @FunctionalInterface
  public interface Attempt<R> {
    R send(AccessToken token);
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
                request
                    .get()
                    .setHeader("Authorization", "Bearer " + token.token().reveal())
                    .build(),
                maxResponseBytes),
        BearerChallenge::refusesToken);
  }

  /**
   * The same rule for any client: {@code refused} tells whether a result means the token was not
   * accepted.
   */
  public <R> R call(String connectionId, Attempt<R> attempt, Predicate<R> refused) {
    AccessToken token = tokens.accessToken(connectionId);
    R first = attempt.send(token);
    if (!refused.test(first)) {
      return first;
    }
    AccessToken fresh = tokens.refreshAfterRejection(connectionId, token.token());
    R second = attempt.send(fresh);
    if (refused.test(second)) {
      throw new ProviderRejectedException(
          fresh.providerId(),
          "invalid_token",
          null,
          401,
          null,
          "The API refused a freshly refreshed token of connection "
              + connectionId
              + "; check the connection's account and scopes, or reconnect");
    }
    return second;
  }
}
