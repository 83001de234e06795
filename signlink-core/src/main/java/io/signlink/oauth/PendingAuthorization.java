package io.signlink.oauth;

import java.time.Instant;
import java.util.Objects;

/**
 * One authorization request in flight: everything the callback needs, kept server-side and never in
 * a cookie or URL (SECURITY.md §pkce, §discovery). Created by {@code begin}, consumed exactly once
 * by the callback through {@link PendingAuthorizationStore#take(String)}.
 *
 * @param state the opaque {@code state} value (≥128 bits); the store's key
 * @param providerId the provider profile the request was sent to (mix-up defence, SECURITY.md
 *     §issuer-check)
 * @param issuer the issuer the request was sent to, compared with RFC 9207 {@code iss} (SECURITY.md
 *     §issuer-check)
 * @param owner the application-level owner the connection will belong to
 * @param redirectUri the exact redirect URI sent, reused byte for byte in the token request
 *     (SECURITY.md §redirect-uri)
 * @param codeVerifier the PKCE verifier (SECURITY.md §pkce)
 * @param nonce the OIDC nonce, or {@code null} for providers without ID tokens (SECURITY.md §nonce)
 * @param browserBinding a hash of the browser's binding cookie, or {@code null} (CLI logins)
 * @param returnTo a local path to go back to after the callback, or {@code null}
 * @param applicationId the application the resulting connection will belong to
 */
public record PendingAuthorization(
    Secret state,
    String providerId,
    String issuer,
    String owner,
    String redirectUri,
    Secret codeVerifier,
    Secret nonce,
    String browserBinding,
    String returnTo,
    Instant createdAt,
    Instant expiresAt,
    String applicationId) {

  /** The application of flows begun where no application is known (CLI login). */
  public static final String DEFAULT_APPLICATION = "default";

  public PendingAuthorization {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A pending authorization for the {@link #DEFAULT_APPLICATION default application}. */
  public PendingAuthorization(
      Secret state,
      String providerId,
      String issuer,
      String owner,
      String redirectUri,
      Secret codeVerifier,
      Secret nonce,
      String browserBinding,
      String returnTo,
      Instant createdAt,
      Instant expiresAt) {
    this(
        state,
        providerId,
        issuer,
        owner,
        redirectUri,
        codeVerifier,
        nonce,
        browserBinding,
        returnTo,
        createdAt,
        expiresAt,
        DEFAULT_APPLICATION);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
