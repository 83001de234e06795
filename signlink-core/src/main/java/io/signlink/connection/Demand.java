package io.signlink.connection;

import io.signlink.oauth.Secret;
import java.time.Duration;
import java.time.Instant;

/**
 * What a caller needs from a connection's tokens: an access token that stays valid for {@code
 * margin}, and, after a 401 or a forced refresh, one that is not {@code rejected}. This is the one
 * home of "is this token fresh enough?" (SECURITY.md §freshness: valid for the safety margin,
 * strictly) and of "did someone else already refresh?" after a lease (SECURITY.md §single-refresh).
 * Immutable.
 *
 * @param rejected the token the caller refused or wants replaced, or {@code null}
 * @param forced a manual or 401-driven refresh, which bypasses the failure cooldown (SECURITY.md
 *     §cooldown)
 */
record Demand(Duration margin, Secret rejected, boolean forced) {

  static Demand fresh(Duration margin) {
    return new Demand(margin, null, false);
  }

  static Demand replacing(Duration margin, Secret rejected) {
    return new Demand(margin, rejected, true);
  }

  /**
   * The same demand, now also refusing {@code token} (a forced refresh that learnt its baseline).
   */
  Demand rejecting(Secret token) {
    return new Demand(margin, token, forced);
  }

  /**
   * True when {@code expiresAt} leaves at least the margin after {@code now} (SECURITY.md
   * §freshness).
   */
  boolean freshEnough(Instant expiresAt, Instant now) {
    return expiresAt.isAfter(now.plus(margin));
  }

  /** The last epoch millisecond at which a token expiring at {@code expiresAt} is fresh enough. */
  long freshUntilMillis(Instant expiresAt) {
    return expiresAt.toEpochMilli() - margin.toMillis();
  }

  /**
   * True when {@code c} already holds what the caller needs, so no refresh is sent (SECURITY.md
   * §single-refresh).
   */
  boolean satisfiedBy(Connection c, Instant now) {
    return c.status() == ConnectionStatus.ACTIVE
        && c.tokensReadable()
        && freshEnough(c.tokens().accessExpiresAt(), now)
        && (rejected == null || !rejected.equals(c.tokens().accessToken()));
  }

  /** True when {@code token} answers this demand. */
  boolean satisfiedBy(AccessToken token, Instant now) {
    return freshEnough(token.expiresAt(), now)
        && (rejected == null || !rejected.equals(token.token()));
  }
}
