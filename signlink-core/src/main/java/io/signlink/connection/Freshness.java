package io.signlink.connection;

import java.time.Duration;
import java.time.Instant;

/**
 * The one home of "how much life must a token have left?" (SECURITY.md §freshness). A token is
 * fresh while its remaining life exceeds {@code min(margin, fraction × lifetime)}, where the
 * lifetime is what the provider granted when the token was issued ({@code expiresAt - issuedAt}). A
 * fixed margin alone would make every token that lives less than the margin permanently stale, so
 * each call would refresh; scaling with the lifetime keeps one refresh per expiry for tokens of any
 * length, and a token just obtained (remaining life = lifetime &gt; fraction × lifetime) is always
 * fresh, so callers that arrive after a refresh finished never start another one.
 *
 * <p>The floor is what may still be served while a refresh cannot happen right now (another
 * instance holds the lease, the provider is failing): {@code min(minimumValidity, required / 2)}.
 * Immutable and thread-safe.
 *
 * @param margin the upper bound of the required remaining life (default 5 minutes)
 * @param fraction the part of the granted lifetime that must remain (default ¼)
 * @param minimumValidity the upper bound of the floor (default 10 seconds)
 */
record Freshness(Duration margin, double fraction, Duration minimumValidity) {

  /**
   * The remaining life a token issued at {@code issuedAt}, expiring at {@code expiresAt}, needs.
   */
  long requiredMillis(Instant issuedAt, Instant expiresAt) {
    long lifetime = expiresAt.toEpochMilli() - issuedAt.toEpochMilli();
    if (lifetime <= 0) {
      return 0; // a provider that grants no life at all: refresh on every use, serve until expiry
    }
    return Math.min(margin.toMillis(), (long) (lifetime * fraction));
  }

  /** True when the token has more than the required remaining life at {@code now}. */
  boolean fresh(Instant issuedAt, Instant expiresAt, Instant now) {
    return now.toEpochMilli() < freshUntilMillis(issuedAt, expiresAt);
  }

  /** The first epoch millisecond at which the token is no longer fresh. */
  long freshUntilMillis(Instant issuedAt, Instant expiresAt) {
    return expiresAt.toEpochMilli() - requiredMillis(issuedAt, expiresAt);
  }

  /** The remaining life below which a token is never handed out, even while refreshing fails. */
  long floorMillis(Instant issuedAt, Instant expiresAt) {
    return Math.min(minimumValidity.toMillis(), requiredMillis(issuedAt, expiresAt) / 2);
  }

  /** True when the token still has more than the floor at {@code now}. */
  boolean usable(Instant issuedAt, Instant expiresAt, Instant now) {
    return now.toEpochMilli() < expiresAt.toEpochMilli() - floorMillis(issuedAt, expiresAt);
  }

  /** The same rule with another margin and fraction (the background refresher's window). */
  Freshness with(Duration otherMargin, double otherFraction) {
    return new Freshness(otherMargin, otherFraction, minimumValidity);
  }
}
