package io.signlink.provider.api;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bearer-token source for grants that need no stored connection — client credentials (RFC 6749
 * §4.4) and DocuSign's JWT bearer grant (RFC 7523 §2.1): the token is fetched on first use, reused
 * until it is within {@code margin} of expiry (judged on the injected {@link Clock} SECURITY.md
 * §freshness), and fetched again then or after a 401. There is no refresh token to spend, so a new
 * grant is always safe to request.
 *
 * <p>Thread-safe: one lock serialises fetches, so many callers that find the token stale cause one
 * token request (SECURITY.md §single-refresh), and a caller whose rejected token was already
 * replaced gets the replacement without another request.
 */
public final class GrantTokenCache implements BearerTokens {
  private final Supplier<TokenSet> grant;
  private final Clock clock;
  private final Duration margin;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile TokenSet cached;

  /**
   * @param grant requests a new token set (e.g. {@code () -> tokenClient.clientCredentials(...)});
   *     its exceptions reach the API caller unchanged
   * @param margin how long before expiry a cached token stops being handed out
   */
  public GrantTokenCache(Supplier<TokenSet> grant, Clock clock, Duration margin) {
    this.grant = Objects.requireNonNull(grant, "grant");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.margin = Objects.requireNonNull(margin, "margin");
  }

  @Override
  public Secret current() {
    TokenSet tokens = cached;
    if (tokens != null && tokens.validFor(clock.instant(), margin)) {
      return tokens.accessToken();
    }
    lock.lock();
    try {
      tokens = cached;
      if (tokens == null || !tokens.validFor(clock.instant(), margin)) {
        tokens = fetch();
      }
      return tokens.accessToken();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Secret refreshed(Secret rejected) {
    lock.lock();
    try {
      TokenSet tokens = cached;
      if (tokens != null
          && !tokens.accessToken().equals(rejected)
          && tokens.validFor(clock.instant(), margin)) {
        return tokens.accessToken();
      }
      return fetch().accessToken();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the cached token, e.g. after the client's credentials changed. */
  public void invalidate() {
    cached = null;
  }

  private TokenSet fetch() {
    TokenSet fresh = Objects.requireNonNull(grant.get(), "grant returned no tokens");
    cached = fresh;
    return fresh;
  }

  @Override
  public String toString() {
    return "GrantTokenCache[margin=" + margin + "]";
  }
}
