package io.signlink.emulator.docusign;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.signlink.emulator.SeedAccount;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.oauth.AccessToken;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.AuthorizationCodeGrant;
import io.signlink.emulator.oauth.AuthorizeEndpoint;
import io.signlink.emulator.oauth.BearerTokens;
import io.signlink.emulator.oauth.ConsentEndpoint;
import io.signlink.emulator.oauth.HttpSupport;
import io.signlink.emulator.oauth.JwtBearerGrant;
import io.signlink.emulator.oauth.ProviderRules;
import io.signlink.emulator.oauth.RefreshTokenGrant;
import io.signlink.emulator.oauth.TokenEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mounts DocuSign's account server: {@code GET /oauth/auth}, the consent form, {@code POST
 * /oauth/token} (authorization code, refresh token, JWT bearer) and {@code GET /oauth/userinfo}.
 *
 * <p>Thread-safe: stateless after construction.
 */
public final class DocuSignRoutes {

  private final AuthServer server;
  private final String prefix;
  private final String apiBase;

  /**
   * @param apiBase the absolute REST base reported as each account's {@code base_uri}
   */
  public DocuSignRoutes(AuthServer server, String prefix, String apiBase) {
    this.server = server;
    this.prefix = prefix;
    this.apiBase = apiBase;
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
                "authorization_code",
                new AuthorizationCodeGrant(server),
                "refresh_token",
                new RefreshTokenGrant(server),
                ProviderRules.JWT_BEARER,
                new JwtBearerGrant(server)));
    app.get(prefix + rules.authorizePath(), authorize::handle);
    app.post(consentPath, consent::handle);
    app.post(prefix + rules.tokenPath(), token::handle);
    app.get(prefix + rules.userinfoPath(), this::userinfo);
  }

  private void userinfo(Context ctx) {
    server.count("userinfo");
    HttpSupport.noStore(ctx);
    Optional<AccessToken> token =
        server.store().activeAccessToken(BearerTokens.from(ctx), server.rules().provider());
    if (token.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ctx.status(401)
          .json(
              Map.of(
                  "error",
                  "invalid_token",
                  "error_description",
                  "The access token is expired, revoked or malformed."));
      return;
    }
    SeedUser user = token.get().grant().user();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", user.sub());
    body.put("name", user.name());
    body.put("given_name", user.givenName());
    body.put("family_name", user.familyName());
    body.put("created", user.created());
    body.put("email", user.email());
    List<Map<String, Object>> accounts = new ArrayList<>();
    for (SeedAccount account : user.accounts()) {
      accounts.add(account(user, account));
    }
    body.put("accounts", accounts);
    ctx.json(body);
  }

  private Map<String, Object> account(SeedUser user, SeedAccount account) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("account_id", account.accountId());
    // Real-world variance (docs/PROVIDERS.md): the Java SDK models is_default as a String, Nango as
    // a boolean.
    json.put(
        "is_default",
        user.isDefaultAsString() ? Boolean.toString(account.isDefault()) : account.isDefault());
    json.put("account_name", account.accountName());
    json.put("base_uri", apiBase);
    if (account.organizationId() != null) {
      json.put(
          "organization",
          Map.of(
              "organization_id", account.organizationId(),
              "links",
                  List.of(
                      Map.of(
                          "rel",
                          "self",
                          "href",
                          server.rules().accountBase()
                              + "/organizations/"
                              + account.organizationId()))));
    }
    return json;
  }
}
