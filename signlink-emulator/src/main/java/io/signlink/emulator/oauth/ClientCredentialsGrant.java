package io.signlink.emulator.oauth;

import java.util.Arrays;
import java.util.List;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4), BoldSign only: a confidential client gets
 * an access token for API scopes, acting on its owner's account (the default seeded user). No
 * refresh token (RFC 6749 §4.4.3), no ID token; without {@code scope} every API scope is granted,
 * as IdentityServer does.
 *
 * <p>Thread-safe: stateless.
 */
public final class ClientCredentialsGrant implements GrantHandler {

  private final AuthServer server;

  public ClientCredentialsGrant(AuthServer server) {
    this.server = server;
  }

  @Override
  public IssuedTokens handle(TokenRequest request) {
    if (request.client().isPublic()) {
      throw new OAuthException(
          "unauthorized_client", "Public clients cannot use client_credentials.");
    }
    String scopeParam = request.param("scope");
    List<String> apiScopes =
        server.rules().scopes().keySet().stream().filter(s -> s.startsWith("BoldSign.")).toList();
    List<String> scopes =
        scopeParam == null
            ? apiScopes
            : Arrays.stream(scopeParam.split(" ")).filter(s -> !s.isEmpty()).distinct().toList();
    for (String scope : scopes) {
      if (!apiScopes.contains(scope)) {
        throw new OAuthException(
            "invalid_scope", "Scope '" + scope + "' is not available to client_credentials.");
      }
    }
    Grant grant =
        server
            .store()
            .newGrant(request.client(), server.rules().defaultUser(), scopes, server.store().now());
    return server.store().issue(grant, scopes, server.rules().accessTokenTtl(), null);
  }
}
