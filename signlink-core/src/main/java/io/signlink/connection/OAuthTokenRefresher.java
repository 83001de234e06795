package io.signlink.connection;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.signlink.error.ProviderRejectedException;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.oidc.IdTokenClaims;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;

/**
 * The production {@link TokenRefresher}: the refresh-token grant (RFC 6749 §6) at the token
 * endpoint of the connection's own provider profile (SECURITY.md §refresh-binding), sent without a
 * {@code scope} so the grant's own scope applies (SECURITY.md §scopes), through {@link
 * TokenClient}, which validates the response (SECURITY.md §token-response).
 *
 * <p>An ID token in the refresh response is verified like any other and must name the same {@code
 * iss}, {@code sub}, {@code aud} and {@code azp} as the original (OIDC Core §12.2, SECURITY.md
 * §refreshed-id-token); if not, the refresh fails with {@link
 * io.signlink.error.InvalidResponseException} and its tokens are never stored. The original claims
 * come from the ID token kept in the vault at consent (it was verified then; its expiry does not
 * matter here), or, without one, from the connection's issuer, subject and client id. Verifying may
 * fetch the provider's JWKS when a new key is in use: the only I/O that can sit between the
 * provider's answer and the commit, and only for OpenID providers.
 *
 * <p>Immutable and thread-safe.
 */
public final class OAuthTokenRefresher implements TokenRefresher {
  private final ProviderRegistry providers;
  private final TokenClient client;

  public OAuthTokenRefresher(ProviderRegistry providers, TokenClient client) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public TokenSet refresh(Connection c) {
    Provider provider = providers.require(c.providerId());
    Secret refreshToken = c.tokens().refreshToken();
    if (refreshToken == null) {
      // Nothing to refresh with: only a new consent helps (BoldSign issues refresh tokens only
      // with offline_access), so this is reported like a dead grant (SECURITY.md §dead-grant).
      throw new ProviderRejectedException(
          c.providerId(),
          "invalid_grant",
          "the connection has no refresh token",
          0,
          null,
          "Reconnect, requesting offline access");
    }
    TokenSet received = client.refresh(provider.profile(), refreshToken, null);
    if (received.idToken() != null && provider.idTokens() != null) {
      provider
          .idTokens()
          .verifyRefreshed(received.idToken(), original(c, provider, received.idToken()));
    }
    return received;
  }

  /** The parties of the original ID token (SECURITY.md §refreshed-id-token). */
  private static IdTokenClaims original(Connection c, Provider provider, Secret refreshedIdToken) {
    Secret stored = c.tokens().idToken();
    if (stored != null) {
      try {
        JWTClaimsSet claims = JWTParser.parse(stored.reveal()).getJWTClaimsSet();
        return new IdTokenClaims(
            claims.getIssuer(),
            claims.getSubject(),
            claims.getAudience(),
            claims.getStringClaim("azp"),
            null,
            null,
            null,
            null);
      } catch (ParseException | RuntimeException e) {
        // an unreadable stored token: fall back to the connection's own identity below
      }
    }
    String azp = null;
    try {
      azp = JWTParser.parse(refreshedIdToken.reveal()).getJWTClaimsSet().getStringClaim("azp");
    } catch (ParseException e) {
      // the verifier reports the malformed token itself
    }
    return new IdTokenClaims(
        provider.profile().issuer(),
        c.subject(),
        List.of(provider.profile().clientId()),
        azp,
        null,
        null,
        null,
        null);
  }
}
