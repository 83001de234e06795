package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.signlink.emulator.RegisteredClient;
import java.util.List;
import java.util.Map;

/**
 * Token revocation (RFC 7009), BoldSign's {@code /connect/revocation}. The client authenticates as
 * at the token endpoint; revoking a refresh token revokes its whole grant (RFC 7009 §2.1), revoking
 * an access token only that token. Unknown tokens, or tokens of other clients, still get 200 (RFC
 * 7009 §2.2) and are left alone. {@code token_type_hint} is only a hint and is ignored.
 *
 * <p>Thread-safe: stateless.
 */
public final class RevocationEndpoint {

  private final AuthServer server;
  private final ClientAuthenticator authenticator;

  public RevocationEndpoint(AuthServer server) {
    this.server = server;
    this.authenticator = new ClientAuthenticator(server);
  }

  public void handle(Context ctx) {
    server.count("revocation");
    try {
      if (!HttpSupport.isForm(ctx)) {
        throw OAuthException.invalidRequest(
            "The revocation request must be application/x-www-form-urlencoded.");
      }
      Map<String, List<String>> params = ctx.formParamMap();
      RegisteredClient client = authenticator.authenticate(ctx, params);
      String token = HttpSupport.required(params, "token");
      if (server.store().revokeToken(token, client)) {
        server.count("revocation.revoked");
      }
      HttpSupport.noStore(ctx);
      ctx.status(200);
    } catch (OAuthException e) {
      HttpSupport.oauthError(
          ctx, e, ClientAuthenticator.usesBasic(ctx), server.rules().provider().displayName());
    }
  }
}
