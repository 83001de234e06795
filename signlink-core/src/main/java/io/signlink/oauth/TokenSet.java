package io.signlink.oauth;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The tokens of one grant as SignLink keeps them.
 *
 * <p>{@code accessExpiresAt} is computed from the time the response was <em>received</em> plus
 * {@code expires_in} (or the profile's default lifetime when the provider sent none), never from a
 * JWT {@code exp} inside the access token, which is opaque to a client (SECURITY.md
 * §token-response). {@code refreshToken}, {@code idToken} and {@code refreshExpiresAt} may be
 * {@code null}. {@code scopes} is what the provider granted, or what was requested when the
 * response named none (SECURITY.md §token-response).
 *
 * <p>Immutable; {@code toString()} prints no token because every token is a {@link Secret}.
 */
public record TokenSet(
    Secret accessToken,
    String tokenType,
    Secret refreshToken,
    Secret idToken,
    Set<String> scopes,
    Instant receivedAt,
    Instant accessExpiresAt,
    Instant refreshExpiresAt) {

  public TokenSet {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }

  /** True when the access token stays valid for at least {@code margin} after {@code now}. */
  public boolean validFor(Instant now, java.time.Duration margin) {
    return accessExpiresAt.isAfter(now.plus(margin));
  }

  /**
   * These tokens with the refresh token a rejected refresh answer rotated (SECURITY.md §rotation,
   * docs/REFRESH-ANSWERS.md): nothing else of that answer is taken; {@code rotated} {@code null}
   * keeps the current refresh token.
   */
  public TokenSet withRotatedRefreshToken(Secret rotated, Instant rotatedExpiresAt) {
    if (rotated == null) {
      return this;
    }
    return new TokenSet(
        accessToken,
        tokenType,
        rotated,
        idToken,
        scopes,
        receivedAt,
        accessExpiresAt,
        rotatedExpiresAt);
  }

  /**
   * The tokens after a refresh: a response without a new refresh token keeps the old one (RFC 6749
   * §6, SECURITY.md §rotation), and likewise the ID token.
   */
  public TokenSet mergeRefreshed(TokenSet refreshed) {
    return new TokenSet(
        refreshed.accessToken,
        refreshed.tokenType,
        refreshed.refreshToken != null ? refreshed.refreshToken : refreshToken,
        refreshed.idToken != null ? refreshed.idToken : idToken,
        refreshed.scopes.isEmpty() ? scopes : refreshed.scopes,
        refreshed.receivedAt,
        refreshed.accessExpiresAt,
        refreshed.refreshToken != null ? refreshed.refreshExpiresAt : refreshExpiresAt);
  }
}
