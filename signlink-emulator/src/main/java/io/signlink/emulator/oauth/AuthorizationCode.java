package io.signlink.emulator.oauth;

import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import java.time.Instant;
import java.util.List;

/**
 * An authorization code and everything the token endpoint must check it against: the client, the
 * exact redirect URI, the PKCE challenge (RFC 7636 §4.4), the user, scopes and nonce.
 *
 * <p>Thread-safe: the fixed fields are final; redemption state is guarded by this object's monitor
 * (the token endpoint redeems inside {@code synchronized (code)}), so a code is redeemed once and a
 * second attempt finds the grant to revoke.
 */
public final class AuthorizationCode {

  private final RegisteredClient client;
  private final String redirectUri;
  private final String codeChallenge;
  private final SeedUser user;
  private final List<String> scopes;
  private final String nonce;
  private final Instant authTime;
  private final Instant expiresAt;
  private final String state;
  private final String region;
  private final boolean refreshTokenOffered;
  private boolean redeemed;
  private Grant grant;

  AuthorizationCode(
      AuthorizationRequest request,
      SeedUser user,
      Instant authTime,
      Instant expiresAt,
      String region,
      boolean refreshTokenOffered) {
    this.client = request.client();
    this.redirectUri = request.redirectUri();
    this.codeChallenge = request.codeChallenge();
    this.user = user;
    this.scopes = request.scopes();
    this.nonce = request.nonce();
    this.authTime = authTime;
    this.expiresAt = expiresAt;
    this.state = request.state();
    this.region = region;
    this.refreshTokenOffered = refreshTokenOffered;
  }

  /** The authorization request's {@code state} (Dropbox Sign wants it again in the exchange). */
  public String state() {
    return state;
  }

  /** The region the grant will belong to, or {@code null}. */
  public String region() {
    return region;
  }

  /** Whether the exchange returns a refresh token ({@link ProviderRules#issuesRefreshToken}). */
  public boolean refreshTokenOffered() {
    return refreshTokenOffered;
  }

  public RegisteredClient client() {
    return client;
  }

  public String redirectUri() {
    return redirectUri;
  }

  /** The S256 challenge, or {@code null} for a DocuSign consent-only request without PKCE. */
  public String codeChallenge() {
    return codeChallenge;
  }

  public SeedUser user() {
    return user;
  }

  public List<String> scopes() {
    return scopes;
  }

  public String nonce() {
    return nonce;
  }

  public Instant authTime() {
    return authTime;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** Guarded by this: whether a token request already presented the code. */
  boolean isRedeemed() {
    return redeemed;
  }

  /** Guarded by this. */
  void markRedeemed() {
    redeemed = true;
  }

  /** Guarded by this: the grant created when the code was redeemed, or null. */
  Grant grant() {
    return grant;
  }

  /** Guarded by this. */
  void grant(Grant grant) {
    this.grant = grant;
  }
}
