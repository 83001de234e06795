package io.signlink.provider.api;

import io.signlink.oauth.Secret;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where an API client gets the bearer token it sends (RFC 6750 §2.1), and how a call whose token
 * was refused is retried. Implementations must be thread-safe: one client may be shared by many
 * callers.
 *
 * <p>Three sources exist: {@link io.signlink.connection.ConnectionBearerTokens} (a stored
 * connection, through the token manager and its {@link io.signlink.connection.AuthorizedCall}),
 * {@link GrantTokenCache} (client credentials, DocuSign JWT grant) and {@link #fixed(Secret)}.
 */
public interface BearerTokens {

  /** A token to send now; may block while a refresh runs. */
  Secret current();

  /**
   * A token obtained after {@code rejected} was refused with a 401 (SECURITY.md §retry-on-401): a
   * forced refresh, or the newer token another caller already got. Returns {@code rejected} itself
   * when no newer token can be had; the caller then gives up instead of retrying.
   *
   * @throws io.signlink.error.SignLinkException when the refresh fails (e.g. {@link
   *     io.signlink.error.ReauthRequiredException} for a dead grant)
   */
  Secret refreshed(Secret rejected);

  /**
   * Runs {@code attempt} with {@link #current()}; when {@code refused} says the token was not
   * accepted, runs it once more with {@link #refreshed(Secret)} — unless that is the same token —
   * and returns the last result, which may still be refused (the caller reports it; it never loops,
   * SECURITY.md §retry-on-401).
   */
  default <R> R call(Function<Secret, R> attempt, Predicate<R> refused) {
    Secret token = current();
    R first = attempt.apply(token);
    if (!refused.test(first)) {
      return first;
    }
    Secret fresh = refreshed(token);
    return fresh == null || fresh.equals(token) ? first : attempt.apply(fresh);
  }

  /**
   * A token that never changes, for code without a token manager (a token pasted into the CLI, a
   * test): a 401 is reported at once since there is nothing to refresh.
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
