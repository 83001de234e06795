package io.signlink.emulator.boldsign;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.oauth.AccessToken;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.AuthorizationCodeGrant;
import io.signlink.emulator.oauth.AuthorizeEndpoint;
import io.signlink.emulator.oauth.BearerTokens;
import io.signlink.emulator.oauth.ClientCredentialsGrant;
import io.signlink.emulator.oauth.ConsentEndpoint;
import io.signlink.emulator.oauth.HttpSupport;
import io.signlink.emulator.oauth.ProviderRules;
import io.signlink.emulator.oauth.RefreshTokenGrant;
import io.signlink.emulator.oauth.RevocationEndpoint;
import io.signlink.emulator.oauth.SigningKeys;
import io.signlink.emulator.oauth.TokenEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mounts BoldSign's account server: OIDC discovery (OIDC Discovery §4), JWKS (RFC 7517), authorize,
 * consent, token, userinfo (OIDC Core §5.3) and revocation (RFC 7009).
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class BoldSignRoutes {

  private final AuthServer server;
  private final SigningKeys keys;
  private final String prefix;

  public BoldSignRoutes(AuthServer server, SigningKeys keys, String prefix) {
    this.server = server;
    this.keys = keys;
    this.prefix = prefix;
  }

  public void mount(RoutesConfig app) {
    ProviderRules rules = server.rules();
    String consentPath = prefix + "/consent";
    AuthorizeEndpoint authorize = new AuthorizeEndpoint(server, consentPath);
    ConsentEndpoint consent = new ConsentEndpoint(server);
    TokenEndpoint token =
        new TokenEndpoint(
            server,
            Map.of(
                "authorization_code", new AuthorizationCodeGrant(server),
                "refresh_token", new RefreshTokenGrant(server),
                "client_credentials", new ClientCredentialsGrant(server)));
    RevocationEndpoint revocation = new RevocationEndpoint(server, rules.profile().revocation());
    app.get(prefix + "/.well-known/openid-configuration", this::discovery);
    app.get(prefix + "/.well-known/openid-configuration/jwks", this::jwks);
    app.get(prefix + rules.authorizePath(), authorize::handle);
    app.post(consentPath, consent::handle);
    app.post(prefix + rules.tokenPath(), token::handle);
    app.get(prefix + rules.userinfoPath(), this::userinfo);
    app.post(prefix + rules.userinfoPath(), this::userinfo);
    app.post(prefix + rules.profile().revocation().endpoint().path(), revocation::handle);
  }

  private void discovery(Context ctx) {
    server.count("discovery");
    String base = server.rules().accountBase();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", server.rules().issuer());
    doc.put("jwks_uri", base + "/.well-known/openid-configuration/jwks");
    doc.put("authorization_endpoint", base + server.rules().authorizePath());
    doc.put("token_endpoint", base + server.rules().tokenPath());
    doc.put("userinfo_endpoint", base + server.rules().userinfoPath());
    doc.put("revocation_endpoint", base + server.rules().profile().revocation().endpoint().path());
    doc.put("scopes_supported", List.copyOf(server.rules().scopes().keySet()));
    doc.put(
        "claims_supported",
        List.of("sub", "name", "given_name", "family_name", "email", "email_verified"));
    doc.put(
        "grant_types_supported",
        List.of("authorization_code", "client_credentials", "refresh_token"));
    doc.put("response_types_supported", List.of("code"));
    doc.put("response_modes_supported", List.of("query"));
    doc.put("token_endpoint_auth_methods_supported", server.rules().clientAuthMethods());
    doc.put("revocation_endpoint_auth_methods_supported", server.rules().clientAuthMethods());
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    doc.put("subject_types_supported", List.of("public"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    doc.put("request_parameter_supported", false);
    if (server.rules().issParameter()) {
      doc.put("authorization_response_iss_parameter_supported", true);
    }
    ctx.json(doc);
  }

  private void jwks(Context ctx) {
    server.count("jwks");
    ctx.contentType("application/json").result(keys.publicJwks().toString());
  }

  private void userinfo(Context ctx) {
    server.count("userinfo");
    HttpSupport.noStore(ctx);
    Optional<AccessToken> token =
        server.store().activeAccessToken(BearerTokens.from(ctx), server.rules().provider());
    if (token.isEmpty()) {
      // IdentityServer: 401, an RFC 6750 challenge, and no body.
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"").status(401);
      return;
    }
    List<String> scopes = token.get().scopes();
    if (!scopes.contains("openid")) {
      ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"").status(403);
      return;
    }
    SeedUser user = token.get().grant().user();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", user.sub());
    if (scopes.contains("profile")) {
      claims.put("name", user.name());
      claims.put("given_name", user.givenName());
      claims.put("family_name", user.familyName());
    }
    if (scopes.contains("email")) {
      claims.put("email", user.email());
      claims.put("email_verified", true);
    }
    ctx.json(claims);
  }
}
