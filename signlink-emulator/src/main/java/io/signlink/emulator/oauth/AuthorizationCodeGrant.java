package io.signlink.emulator.oauth;

import io.signlink.emulator.profile.PkceMode;
import io.signlink.emulator.profile.Quirk;
import java.time.Duration;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3, RFC 7636 §4.6).
 *
 * <p>Checks, in order: the code exists and was issued to this client; it has not been presented
 * before — a second presentation revokes every token issued from it (RFC 6749 §4.1.2) — it has not
 * expired; {@code redirect_uri} is identical to the one at authorize; the verifier hashes to the
 * challenge (and no verifier is sent when there was no challenge, RFC 9700 §2.1.1). The code is
 * consumed by the first attempt even if a later check fails, so a verifier cannot be guessed.
 *
 * <p>Thread-safe: redemption runs under the code's monitor.
 */
public final class AuthorizationCodeGrant implements GrantHandler {

  private final AuthServer server;

  public AuthorizationCodeGrant(AuthServer server) {
    this.server = server;
  }

  @Override
  public IssuedTokens handle(TokenRequest request) {
    ProviderRules rules = server.rules();
    String value = request.required("code");
    String redirectUri =
        rules.profile().redirectUriOnToken()
            ? request.required("redirect_uri")
            : request.param("redirect_uri");
    String verifier = request.param("code_verifier");
    AuthorizationCode code =
        server
            .store()
            .code(value)
            .filter(c -> c.client().provider().equals(rules.provider()))
            .filter(c -> server.accepts(c.region()))
            .orElseThrow(
                () -> OAuthException.invalidGrant("The authorization code is unknown or expired."));
    if (!code.client().clientId().equals(request.client().clientId())) {
      throw OAuthException.invalidGrant("The authorization code was issued to another client.");
    }
    synchronized (code) {
      if (code.isRedeemed()) {
        server.store().revokeGrant(code.grant());
        server.count("token.code_reused");
        throw OAuthException.invalidGrant(
            "The authorization code was already used; the tokens issued "
                + "from it are now revoked (RFC 6749 §4.1.2).");
      }
      code.markRedeemed();
      if (!server.store().now().isBefore(code.expiresAt())) {
        throw OAuthException.invalidGrant("The authorization code has expired.");
      }
      if (redirectUri != null && !redirectUri.equals(code.redirectUri())) {
        throw OAuthException.invalidGrant(
            "redirect_uri differs from the one in the authorization request.");
      }
      if (rules.has(Quirk.STATE_REQUIRED_IN_TOKEN_REQUEST)) {
        checkState(code.state(), request.param("state"));
      }
      checkScope(rules, request.param("scope"));
      if (rules.profile().pkce() != PkceMode.IGNORED) {
        checkPkce(code.codeChallenge(), verifier);
      }
      Grant grant =
          server
              .store()
              .newGrant(code.client(), code.user(), code.scopes(), code.authTime(), code.region());
      code.grant(grant);
      Duration refreshTtl = code.refreshTokenOffered() ? rules.newRefreshTokenTtl() : null;
      IssuedTokens tokens =
          server.store().issue(grant, code.scopes(), rules.accessTokenTtl(), refreshTtl);
      if (refreshTtl != null) {
        server.store().limitRefreshTokens(grant, rules.profile().maxRefreshTokensPerUser());
      }
      if (rules.idTokens() && code.scopes().contains("openid")) {
        tokens = tokens.withIdToken(server.idTokens().issue(rules.issuer(), grant, code.nonce()));
      }
      return TokenAnswers.complete(server, grant, tokens);
    }
  }

  /** Dropbox Sign: the exchange repeats the authorization request's {@code state}. */
  private static void checkState(String expected, String given) {
    if (given == null) {
      throw OAuthException.invalidRequest(
          "state is required: send the state of the authorization request with the code.");
    }
    if (!given.equals(expected)) {
      throw OAuthException.invalidGrant("state differs from the one in the authorization request.");
    }
  }

  /** SignNow takes the scope on the token call ({@code scope=*}); it must name known scopes. */
  private static void checkScope(ProviderRules rules, String scope) {
    for (String s : rules.splitScopes(scope)) {
      if (!rules.scopes().containsKey(s)) {
        throw new OAuthException("invalid_scope", "Unknown scope '" + s + "'.");
      }
    }
  }

  private static void checkPkce(String challenge, String verifier) {
    if (challenge == null) {
      if (verifier != null) {
        throw OAuthException.invalidGrant(
            "code_verifier sent, but the authorization request had no code_challenge.");
      }
      return;
    }
    if (verifier == null) {
      throw OAuthException.invalidGrant(
          "code_verifier is required: the authorization request used PKCE.");
    }
    if (!Pkce.matches(verifier, challenge)) {
      throw OAuthException.invalidGrant(
          "code_verifier does not match the code_challenge (RFC 7636 §4.6).");
    }
  }
}
