package io.signlink.emulator.oauth;

import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one provider's authorization server differs from the other's: paths, scopes, grant types,
 * lifetimes, client-authentication and refresh-token policy. Everything else is shared.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param accountBase the absolute base of the account server, e.g. {@code
 *     http://127.0.0.1:8090/boldsign}; also BoldSign's issuer
 * @param jwtAudience the {@code aud} DocuSign JWT assertions must carry: the emulator's bare {@code
 *     host:port} (DocuSign: {@code account-d.docusign.com})
 * @param refreshTokenReuseGrace how long a rotated refresh token may be presented again ({@link
 *     Duration#ZERO}: never; reuse revokes the grant)
 */
public record ProviderRules(
    Provider provider,
    String accountBase,
    String authorizePath,
    String tokenPath,
    String userinfoPath,
    Map<String, String> scopes,
    Set<String> grantTypes,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration codeTtl,
    boolean refreshNeedsOfflineAccess,
    boolean basicAuthOnly,
    boolean postAuthOnly,
    boolean issParameter,
    boolean idTokens,
    String jwtAudience,
    Duration refreshTokenReuseGrace) {

  public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** DocuSign's JWT-grant access tokens live one hour whatever the code-grant lifetime. */
  static final Duration JWT_GRANT_TTL = Duration.ofHours(1);

  public ProviderRules {
    scopes = Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    grantTypes = Set.copyOf(grantTypes);
  }

  /** BoldSign: IdentityServer-style OIDC; refresh tokens only with {@code offline_access}. */
  public static ProviderRules boldSign(String accountBase, EmulatorConfig config) {
    Map<String, String> scopes = new LinkedHashMap<>();
    scopes.put("openid", "Sign you in with your BoldSign identity");
    scopes.put("profile", "See your name");
    scopes.put("email", "See your email address");
    scopes.put("offline_access", "Keep access while you are away (refresh token)");
    for (String area : List.of("Documents", "Templates", "Contacts", "Users")) {
      scopes.put(
          "BoldSign." + area + ".All",
          "Read, create, change and delete your " + area.toLowerCase());
      scopes.put("BoldSign." + area + ".Read", "Read your " + area.toLowerCase());
      scopes.put("BoldSign." + area + ".Write", "Change your " + area.toLowerCase());
      scopes.put("BoldSign." + area + ".Create", "Create " + area.toLowerCase());
      scopes.put("BoldSign." + area + ".Delete", "Delete your " + area.toLowerCase());
    }
    return new ProviderRules(
        Provider.BOLDSIGN,
        accountBase,
        "/connect/authorize",
        "/connect/token",
        "/connect/userinfo",
        scopes,
        Set.of("authorization_code", "refresh_token", "client_credentials"),
        config.boldSignAccessTokenTtl(),
        config.refreshTokenTtl(),
        config.codeTtl(),
        true,
        false,
        config.boldSignPostAuthOnly(),
        config.boldSignIssParameter(),
        true,
        null,
        config.refreshTokenReuseGrace());
  }

  /** DocuSign: plain OAuth; HTTP Basic client authentication; the JWT grant. */
  public static ProviderRules docuSign(
      String accountBase, String jwtAudience, EmulatorConfig config) {
    Map<String, String> scopes = new LinkedHashMap<>();
    scopes.put("signature", "Create, send and read envelopes; read your account information");
    scopes.put("extended", "Keep access with an extended refresh-token lifetime");
    scopes.put("impersonation", "Act on your behalf when you are not present (JWT grant)");
    scopes.put("openid", "Sign you in with your DocuSign identity");
    return new ProviderRules(
        Provider.DOCUSIGN,
        accountBase,
        "/oauth/auth",
        "/oauth/token",
        "/oauth/userinfo",
        scopes,
        Set.of("authorization_code", "refresh_token", JWT_BEARER),
        config.docuSignAccessTokenTtl(),
        config.refreshTokenTtl(),
        config.codeTtl(),
        false,
        true,
        false,
        false,
        false,
        jwtAudience,
        config.refreshTokenReuseGrace());
  }

  /** The client authentication methods the token endpoint accepts and discovery announces. */
  public List<String> clientAuthMethods() {
    if (postAuthOnly) {
      return List.of("client_secret_post");
    }
    return basicAuthOnly
        ? List.of("client_secret_basic")
        : List.of("client_secret_post", "client_secret_basic");
  }

  public String issuer() {
    return accountBase;
  }

  /** Whether a code grant with these scopes gets a refresh token. */
  public boolean issuesRefreshToken(List<String> grantedScopes) {
    return !refreshNeedsOfflineAccess || grantedScopes.contains("offline_access");
  }
}
