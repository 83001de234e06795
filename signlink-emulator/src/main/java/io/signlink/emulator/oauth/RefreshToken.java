package io.signlink.emulator.oauth;

import java.time.Instant;

/**
 * An issued refresh token. Refresh tokens rotate on every use (docs/PROVIDERS.md: "Single-use
 * (rotated after each refresh)"); a rotated one is kept so its reuse can be detected and its family
 * revoked (RFC 9700 §4.14.2).
 *
 * <p>Thread-safe: its state changes only under its grant's monitor (see {@link TokenStore}); the
 * field is volatile so readers see it.
 */
final class RefreshToken {

  enum State {
    ACTIVE,
    ROTATED
  }

  private final Grant grant;
  private final Instant expiresAt;
  private volatile State state = State.ACTIVE;
  private volatile Instant rotatedAt;

  RefreshToken(Grant grant, Instant expiresAt) {
    this.grant = grant;
    this.expiresAt = expiresAt;
  }

  Grant grant() {
    return grant;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  State state() {
    return state;
  }

  /** When it was rotated, or {@code null} while active. */
  Instant rotatedAt() {
    return rotatedAt;
  }

  void markRotated(Instant now) {
    rotatedAt = now;
    state = State.ROTATED;
  }
}
