package io.signlink.emulator.oauth;

import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import java.time.Instant;
import java.util.List;

/**
 * One authorization: what a user (or, for client credentials, the client itself) allowed a client
 * to do, and the family of tokens issued under it. Revoking the grant kills every access and
 * refresh token of the family at once — what refresh-token reuse detection (RFC 9700 §4.14.2) and
 * code reuse (RFC 6749 §4.1.2) require.
 *
 * <p>Thread-safe: immutable except for the revoked flag, which is volatile; rotation of the
 * family's refresh token is serialised on this object's monitor by {@link TokenStore}.
 */
public final class Grant {

  private final String id;
  private final RegisteredClient client;
  private final SeedUser user;
  private final List<String> scopes;
  private final Instant authTime;
  private final String region;
  private volatile boolean revoked;

  Grant(
      String id,
      RegisteredClient client,
      SeedUser user,
      List<String> scopes,
      Instant authTime,
      String region) {
    this.id = id;
    this.client = client;
    this.user = user;
    this.scopes = List.copyOf(scopes);
    this.authTime = authTime;
    this.region = region;
  }

  /** The region whose hosts accept this grant's tokens, or {@code null} for every host. */
  public String region() {
    return region;
  }

  public String id() {
    return id;
  }

  public Provider provider() {
    return client.provider();
  }

  public RegisteredClient client() {
    return client;
  }

  /** The user who consented; for client credentials, the user on whose account the client acts. */
  public SeedUser user() {
    return user;
  }

  public List<String> scopes() {
    return scopes;
  }

  public Instant authTime() {
    return authTime;
  }

  public boolean isRevoked() {
    return revoked;
  }

  void revoke() {
    revoked = true;
  }
}
