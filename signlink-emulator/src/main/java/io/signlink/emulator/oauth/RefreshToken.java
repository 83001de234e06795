package io.signlink.emulator.oauth;

import java.time.Instant;

/**
 * An issued refresh token. Under a rotating profile it is single-use; a rotated one is kept so its
 * reuse can be detected and its family revoked (RFC 9700 §4.14.2). Under a reusing profile it stays
 * active and, with an idle lifetime, its expiry moves forward on each use.
 *
 * <p>Thread-safe: its state changes only under its grant's monitor (see {@link TokenStore}); the
 * fields are volatile so readers see them.
 */
final class RefreshToken {

  enum State {
    ACTIVE,
    ROTATED
  }

  private final Grant grant;
  private volatile Instant expiresAt;
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

  /** Slides the expiry of a token with an idle lifetime (Acrobat Sign: 60 days from last use). */
  void extendTo(Instant newExpiry) {
    expiresAt = newExpiry;
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
