package io.signlink.connection;

import io.signlink.oauth.Secret;
import java.time.Instant;

/**
 * What a caller needs from a connection's tokens: an access token that is fresh by {@code
 * freshness} (SECURITY.md §freshness), and, after a 401 or a forced refresh, one that is not {@code
 * rejected}. This is the one home of "did someone else already refresh?" after a lease (SECURITY.md
 * §single-refresh). Immutable.
 *
 * @param rejected the token the caller refused or wants replaced, or {@code null}
 * @param forced a manual or 401-driven refresh, which bypasses the failure cooldown (SECURITY.md
 *     §cooldown)
 */
record Demand(Freshness freshness, Secret rejected, boolean forced) {

  static Demand fresh(Freshness freshness) {
    return new Demand(freshness, null, false);
  }

  static Demand replacing(Freshness freshness, Secret rejected) {
    return new Demand(freshness, rejected, true);
  }

  /**
   * The same demand, now also refusing {@code token} (a forced refresh that learnt its baseline).
   */
  Demand rejecting(Secret token) {
    return new Demand(freshness, token, forced);
  }

  /** True for an ordinary caller, who may be served a still-usable token while others refresh. */
  boolean acceptsCurrent() {
    return !forced && rejected == null;
  }

  /**
   * True when {@code c} already holds what the caller needs, so no refresh is sent (SECURITY.md
   * §single-refresh).
   */
  boolean satisfiedBy(Connection c, Instant now) {
    return c.status() == ConnectionStatus.ACTIVE
        && c.tokensReadable()
        && freshness.fresh(c.tokens().receivedAt(), c.tokens().accessExpiresAt(), now)
        && (rejected == null || !rejected.equals(c.tokens().accessToken()));
  }

  /** True when {@code token} answers this demand. */
  boolean satisfiedBy(AccessToken token, Instant now) {
    return freshness.fresh(token.issuedAt(), token.expiresAt(), now)
        && (rejected == null || !rejected.equals(token.token()));
  }

  /**
   * True when {@code c}'s current token may be served to an ordinary caller while a refresh cannot
   * run right now (held by another instance): it still has more than the floor.
   */
  boolean usableMeanwhile(Connection c, Instant now) {
    return acceptsCurrent()
        && c.status() == ConnectionStatus.ACTIVE
        && c.tokensReadable()
        && freshness.usable(c.tokens().receivedAt(), c.tokens().accessExpiresAt(), now);
  }
}
