package io.signlink.connection;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import io.signlink.oauth.RefreshAnswerCheck;
import io.signlink.oauth.RejectedRefreshAnswer;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.oauth.TokenTypeHint;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.oidc.IdTokenClaims;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link TokenRefresher}: the refresh-token grant (RFC 6749 §6) at the token
 * endpoint of the connection's own provider profile (SECURITY.md §refresh-binding), sent without a
 * {@code scope} so the grant's own scope applies (SECURITY.md §scopes), through {@link
 * TokenClient}, which validates the response (SECURITY.md §token-response).
 *
 * <p>The answer is then checked (docs/REFRESH-ANSWERS.md lists every check): the granted scope may
 * not be wider than the connection's (SECURITY.md §scopes), and an ID token in it is verified like
 * any other and must name the same {@code iss}, {@code sub}, {@code aud} and {@code azp} as the
 * original (OIDC Core §12.2, SECURITY.md §refreshed-id-token). The original claims come from the ID
 * token kept in the vault at consent (it was verified then; its expiry does not matter here), or,
 * without one, from the connection's issuer, subject and client id. Verifying may fetch the
 * provider's JWKS when a new key is in use.
 *
 * <p>A failed check never loses what the provider rotated (SECURITY.md §rotation): it is thrown as
 * {@link RejectedRefreshAnswer} carrying the answer's refresh token, which the token manager stores
 * before anything else. When the check's {@link RefreshAnswerCheck.Consequence} is {@code
 * REVOKE_GRANT}, the grant is first revoked here at the provider (RFC 7009, best effort,
 * SECURITY.md §revocation).
 *
 * <p>Immutable and thread-safe.
 */
public final class OAuthTokenRefresher implements TokenRefresher {
  private static final Logger log = LoggerFactory.getLogger(OAuthTokenRefresher.class);

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
    TokenSet received;
    try {
      // at the connection's own shard or data centre when its redirect named one
      received = client.refreshAnswer(provider.profileFor(c.callbackValues()), refreshToken, null);
    } catch (RejectedRefreshAnswer rejected) {
      throw settle(provider, c, refreshToken, rejected);
    }
    try {
      checkScope(c, received);
      if (received.idToken() != null && provider.idTokens() != null) {
        provider
            .idTokens()
            .verifyRefreshed(
                received.idToken(),
                original(c, provider, received.idToken()),
                c.tokens().idToken());
      }
    } catch (InvalidResponseException e) {
      throw settle(
          provider,
          c,
          refreshToken,
          new RejectedRefreshAnswer(
              e,
              RefreshAnswerCheck.of(e.check()),
              received.refreshToken(),
              received.refreshExpiresAt()));
    } catch (TransientException e) {
      // The JWKS is down while a new key is needed: the answer cannot be verified now, but its
      // rotated refresh token must not be lost (SECURITY.md §jwks-rotation, §rotation).
      throw settle(
          provider,
          c,
          refreshToken,
          new RejectedRefreshAnswer(
              e,
              RefreshAnswerCheck.JWKS_UNAVAILABLE,
              received.refreshToken(),
              received.refreshExpiresAt()));
    }
    return received;
  }

  /**
   * RFC 6749 §6: a refresh may narrow the scope, never widen it; a wider grant is a token the user
   * never consented to (SECURITY.md §scopes).
   */
  private static void checkScope(Connection c, TokenSet received) {
    Set<String> granted = c.scopes();
    if (granted.isEmpty()
        || received.scopes().isEmpty()
        || granted.containsAll(received.scopes())) {
      return;
    }
    throw new InvalidResponseException(
        InvalidResponseException.Kind.MALFORMED,
        RefreshAnswerCheck.SCOPE_WIDENED.code(),
        "The refresh answer from "
            + c.providerId()
            + " granted scopes the user never consented to; its access token was not used."
            + " Check the client's scope settings at the provider",
        null);
  }

  /** Logs the failed check and, for a compromised grant, revokes it at the provider. */
  private RejectedRefreshAnswer settle(
      Provider provider, Connection c, Secret sent, RejectedRefreshAnswer rejected) {
    log.warn(
        "Refresh answer from {} failed the check {} ({}); the new refresh token is kept",
        provider.id(),
        rejected.check().code(),
        rejected.check().consequence());
    if (rejected.check().consequence() == RefreshAnswerCheck.Consequence.REVOKE_GRANT) {
      Secret toRevoke =
          rejected.rotatedRefreshToken() != null ? rejected.rotatedRefreshToken() : sent;
      try {
        client.revoke(
            provider.profileFor(c.callbackValues()), toRevoke, TokenTypeHint.REFRESH_TOKEN);
      } catch (SignLinkException e) {
        log.warn(
            "Could not revoke the compromised grant at {} ({}); the connection is marked for"
                + " re-consent anyway",
            provider.id(),
            e.code());
      }
    }
    return rejected;
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
