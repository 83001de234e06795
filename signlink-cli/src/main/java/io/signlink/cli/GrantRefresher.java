package io.signlink.cli;

import io.signlink.connection.Connection;
import io.signlink.connection.TokenRefresher;
import io.signlink.error.ProviderRejectedException;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;

/**
 * Sends the refresh-token grant (RFC 6749 §6) for a stored connection with its provider's
 * configured client — the client the grant was issued to (checklist #66). A connection without a
 * refresh token cannot be refreshed: that is reported as {@code invalid_grant}, so the token
 * manager marks it for re-consent. Thread-safe (stateless).
 */
final class GrantRefresher implements TokenRefresher {
  private final ProviderRegistry providers;
  private final TokenClient tokenClient;

  GrantRefresher(ProviderRegistry providers, TokenClient tokenClient) {
    this.providers = providers;
    this.tokenClient = tokenClient;
  }

  @Override
  public TokenSet refresh(Connection connection) {
    ProviderProfile profile = providers.require(connection.providerId()).profile();
    if (connection.tokens().refreshToken() == null) {
      throw new ProviderRejectedException(
          profile.id(), "invalid_grant", "no refresh token was issued for this connection", 0, null,
          "Sign in again with `signlink login " + profile.id() + "`");
    }
    return tokenClient.refresh(profile, connection.tokens().refreshToken(), connection.scopes());
  }
}
