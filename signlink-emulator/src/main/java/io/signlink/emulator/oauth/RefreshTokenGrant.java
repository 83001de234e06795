package io.signlink.emulator.oauth;

import io.signlink.emulator.Faults;
import java.util.List;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6) with rotation and reuse detection (see {@link
 * TokenStore#refresh}). An optional {@code scope} may narrow, never widen, the grant. BoldSign also
 * returns a fresh ID token (without {@code nonce}, OIDC Core §12.2).
 *
 * <p>Thread-safe: rotation is serialised per grant by the store.
 */
public final class RefreshTokenGrant implements GrantHandler {

  private final AuthServer server;

  public RefreshTokenGrant(AuthServer server) {
    this.server = server;
  }

  @Override
  public IssuedTokens handle(TokenRequest request) {
    String value = request.required("refresh_token");
    String scopeParam = request.param("scope");
    ProviderRules rules = server.rules();
    List<String> requested = scopeParam == null ? null : rules.splitScopes(scopeParam);
    TokenStore.RotatedGrant rotated =
        server.store().refresh(value, request.client(), requested, rules, server.region());
    Grant grant = rotated.grant();
    IssuedTokens tokens = rotated.tokens();
    Faults.RefreshAnswerFault fault = server.faults().takeRefreshAnswerFault().orElse(null);
    if (rules.idTokens() && grant.scopes().contains("openid")) {
      tokens = tokens.withIdToken(server.idTokens().issue(rules.issuer(), grant, null, fault));
    }
    if (fault == Faults.RefreshAnswerFault.UNEXPECTED_SCOPE) {
      tokens =
          new IssuedTokens(
              tokens.accessToken(),
              tokens.expiresIn(),
              tokens.scope() + " BoldSign.Users.All",
              tokens.refreshToken(),
              tokens.idToken());
    }
    return TokenAnswers.complete(server, grant, tokens);
  }
}
