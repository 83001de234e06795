package io.signlink.provider.api;

import io.signlink.oauth.Secret;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a call gets the bearer token it sends (RFC 6750 §2.1), and the one home of the rule for a
 * token the resource server refused (SECURITY.md §retry-on-401): <b>refresh once, retry once</b>.
 * Every client SignLink ships or plugs into follows it through {@link #exchange} or {@link
 * #afterRefusal}: SignLink's own API clients, the CLI, the JDK {@code HttpClient} wrapper, the
 * OkHttp, Spring and DocuSign SDK adapters.
 *
 * <h2>The rule</h2>
 *
 * <ol>
 *   <li>The request is sent with {@link #current()}.
 *   <li>A response that does not refuse the token is the answer — a 403 included: a new token would
 *       not change what the account may do ({@link io.signlink.http.BearerChallenge} decides: a
 *       bare 401 or {@code error="invalid_token"} refuses the token).
 *   <li>A refused token is replaced once through {@link #refreshed(Secret)}; concurrent callers
 *       refused the same token share that one refresh (the source's single flight, SECURITY.md
 *       §single-refresh).
 *   <li>The request is sent once more with the new token, and that response is handed to the caller
 *       <b>whatever it is</b>: a second 401 is returned, never retried, never refreshed again.
 *       SignLink's typed clients turn it into a {@link io.signlink.error.ProviderRejectedException}
 *       ({@code invalid_token}); the HTTP-client adapters return it as the response.
 *   <li>A request whose body cannot be sent twice (a stream) is not retried: the token is still
 *       replaced, so the application's own re-send of the stream goes out with a new token, and the
 *       401 is returned.
 *   <li>A source with nothing newer (e.g. {@link #fixed(Secret)}) returns the rejected token from
 *       {@link #refreshed}; the 401 is returned without a retry.
 * </ol>
 *
 * <p>Implementations must be thread-safe and share one refresh among concurrent callers: one source
 * serves every caller of a connection. Sources: {@link
 * io.signlink.connection.ConnectionBearerTokens} (a stored connection, through the token manager),
 * {@link GrantTokenCache} (client credentials, DocuSign JWT grant) and {@link #fixed(Secret)}.
 */
public interface BearerTokens {

  /** A token to send now, refreshed first when it is within the freshness margin; may block. */
  Secret current();

  /**
   * A token obtained after {@code rejected} was refused with a 401: a forced refresh, or the newer
   * token another caller already got. Returns {@code rejected} itself when no newer token can be
   * had. Callers use {@link #exchange} or {@link #afterRefusal} rather than this method.
   *
   * @throws io.signlink.error.SignLinkException when the refresh fails (e.g. {@link
   *     io.signlink.error.ReauthRequiredException} for a dead grant)
   */
  Secret refreshed(Secret rejected);

  /** One request of an HTTP client, as the rule needs to see it. */
  interface Exchange<R, X extends Exception> {
    /** Sends the request with {@code token} in its {@code Authorization} header. */
    R send(Secret token) throws X;

    /** True when the response refuses the token (see {@link io.signlink.http.BearerChallenge}). */
    boolean refusesToken(R response);

    /** False when the request body is a stream that cannot be sent a second time. */
    default boolean replayable() {
      return true;
    }

    /** Releases a refused response before the retry (closes its body). */
    default void discard(R response) throws X {}
  }

  /** Runs {@code exchange} under the rule above and returns the response the caller gets. */
  default <R, X extends Exception> R exchange(Exchange<R, X> exchange) throws X {
    Secret token = current();
    R first = exchange.send(token);
    if (!exchange.refusesToken(first)) {
      return first;
    }
    Optional<Secret> retry = afterRefusal(token, exchange.replayable());
    if (retry.isEmpty()) {
      return first;
    }
    exchange.discard(first);
    return exchange.send(retry.get());
  }

  /**
   * Steps 3, 5 and 6 of the rule, for HTTP stacks that drive the retry themselves (OkHttp's {@code
   * Authenticator}, a reactive {@code WebClient} filter): after {@code sent} was refused, the token
   * to send the single retry with, or empty when the refusal goes back to the caller. Call it at
   * most once per request; a refusal of the retry goes back to the caller without calling it.
   */
  default Optional<Secret> afterRefusal(Secret sent, boolean replayable) {
    Secret fresh = refreshed(sent);
    if (!replayable || fresh == null || fresh.equals(sent)) {
      return Optional.empty();
    }
    return Optional.of(fresh);
  }

  /**
   * {@link #exchange} for a call that reads its whole response: {@code refused} tells whether a
   * result means the token was not accepted.
   */
  default <R> R call(Function<Secret, R> attempt, Predicate<R> refused) {
    return exchange(
        new Exchange<R, RuntimeException>() {
          @Override
          public R send(Secret token) {
            return attempt.apply(token);
          }

          @Override
          public boolean refusesToken(R response) {
            return refused.test(response);
          }
        });
  }

  /**
   * A token that never changes, for code without a token manager (a token pasted into the CLI, a
   * test): a 401 is returned at once since there is nothing to refresh.
   */
  static BearerTokens fixed(Secret token) {
    Objects.requireNonNull(token, "token");
    return new BearerTokens() {
      @Override
      public Secret current() {
        return token;
      }

      @Override
      public Secret refreshed(Secret rejected) {
        return token;
      }

      @Override
      public String toString() {
        return "BearerTokens.fixed[redacted]";
      }
    };
  }
}
