package io.signlink.emulator.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.profile.ErrorAnswer;
import io.signlink.emulator.profile.Revocation;
import java.util.List;
import java.util.Map;

/**
 * Token revocation: RFC 7009 as BoldSign's {@code /connect/revocation} does it, and the variants
 * other profiles declare ({@link Revocation}). Under RFC 7009 the client authenticates as at the
 * token endpoint; revoking a refresh token revokes its whole grant (§2.1), revoking an access token
 * only that token; unknown tokens, or tokens of other clients, still get 200 (§2.2) and are left
 * alone; {@code token_type_hint} is ignored. Without client authentication (Acrobat Sign, Zoho) the
 * token is the credential, and revoking either token revokes the grant ("revoking one revokes the
 * linked ones"); such providers answer an unknown token with an error.
 *
 * <p>Thread-safe: stateless.
 */
public final class RevocationEndpoint {

  private final AuthServer server;
  private final Revocation spec;
  private final ClientAuthenticator authenticator;

  public RevocationEndpoint(AuthServer server, Revocation spec) {
    this.server = server;
    this.spec = spec;
    this.authenticator = new ClientAuthenticator(server);
  }

  public void handle(Context ctx) {
    server.count("revocation");
    try {
      boolean inQuery = spec.tokenIn().equals("query");
      if (!inQuery && !HttpSupport.isForm(ctx)) {
        throw OAuthException.invalidRequest(
            "The revocation request must be application/x-www-form-urlencoded.");
      }
      Map<String, List<String>> params = inQuery ? ctx.queryParamMap() : ctx.formParamMap();
      String token;
      boolean found;
      if (spec.clientAuth()) {
        RegisteredClient client = authenticator.authenticate(ctx, ctx.formParamMap());
        token = HttpSupport.required(params, "token");
        found = server.store().revokeToken(token, client);
      } else {
        token = HttpSupport.required(params, "token");
        found = server.store().revokeGrantOfToken(token, server.rules().provider(), server);
      }
      HttpSupport.noStore(ctx);
      if (found) {
        server.count("revocation.revoked");
      } else if (spec.unknownToken() != null) {
        answer(ctx, spec.unknownToken());
        return;
      }
      if (spec.successBody() != null) {
        ctx.status(200).json(spec.successBody());
      } else {
        ctx.status(200);
      }
    } catch (OAuthException e) {
      HttpSupport.oauthError(ctx, server, e);
    }
  }

  private static void answer(Context ctx, ErrorAnswer error) {
    error.headers().forEach(ctx::header);
    JsonNode body = error.body();
    if (body == null) {
      ctx.status(error.status());
    } else {
      ctx.status(error.status()).json(body);
    }
  }
}
