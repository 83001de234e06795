package io.signlink.emulator.oauth;

import java.time.Instant;
import java.util.List;

/**
 * An issued access token: opaque to clients, bound to its {@link Grant}.
 *
 * <p>Thread-safe: immutable except for the volatile revoked flag.
 */
public final class AccessToken {

  private final Grant grant;
  private final List<String> scopes;
  private final Instant expiresAt;
  private volatile boolean revoked;

  AccessToken(Grant grant, List<String> scopes, Instant expiresAt) {
    this.grant = grant;
    this.scopes = List.copyOf(scopes);
    this.expiresAt = expiresAt;
  }

  public Grant grant() {
    return grant;
  }

  public List<String> scopes() {
    return scopes;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** Usable now: not revoked (itself or through its grant) and not expired. */
  public boolean isActive(Instant now) {
    return !revoked && !grant.isRevoked() && now.isBefore(expiresAt);
  }

  void revoke() {
    revoked = true;
  }
}
