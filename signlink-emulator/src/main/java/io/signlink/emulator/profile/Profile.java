package io.signlink.emulator.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One emulated provider as data: its hosts (path prefixes on the emulator's port), endpoints,
 * scopes, lifetimes, refresh and client-authentication rules, quirks, seeded users and demo
 * clients, and — for a generic profile — its API calls. Read from {@code
 * io/signlink/emulator/profiles/<id>.json} (built in) or from a test's own resource with {@link
 * Profiles#read}; the JSON members are the snake_case names of these components.
 *
 * <p>{@code routes} names the code that serves the profile: {@code generic} (everything from this
 * data), or the hooks {@code boldsign} and {@code docusign}, which add what data cannot say
 * (BoldSign's OIDC discovery, JWKS and document API; DocuSign's JWT grant, userinfo accounts and
 * eSignature API).
 *
 * <p>Regions: a host whose path contains {@code {region}} exists once per entry of {@code regions}
 * ({@code /acrobatsign-api/{region}} serves {@code /acrobatsign-api/na1}, …). A grant belongs to
 * one region — the one whose host the authorization request reached, else the user's — and only
 * that region's hosts accept its codes and tokens.
 *
 * <p>Defaults for members left out: {@code routes} generic, {@code scope_separator} a space, {@code
 * scope_on_authorize}, {@code redirect_uri_on_authorize} and {@code redirect_uri_on_token} true
 * ({@code false}: the scopes, or the callback URL, come from the app's settings), {@code
 * grant_types} code and refresh, {@code code_ttl} 60 s, refresh tokens always issued and rotating,
 * both client authentication methods, PKCE required, {@code token_type} {@code Bearer}.
 *
 * <p>Thread-safe: an immutable record (the JSON templates are not modified after loading).
 */
public record Profile(
    String id,
    String displayName,
    String routes,
    Map<String, String> hosts,
    List<String> regions,
    Endpoint authorize,
    Endpoint token,
    Endpoint refresh,
    Endpoint userinfo,
    Revocation revocation,
    Map<String, String> scopes,
    List<String> defaultScopes,
    String scopeSeparator,
    Boolean scopeOnAuthorize,
    Boolean redirectUriOnAuthorize,
    Boolean redirectUriOnToken,
    Set<String> grantTypes,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration refreshTokenIdleTtl,
    Duration codeTtl,
    RefreshTokenRule refreshTokenIssued,
    Rotation rotation,
    int maxRefreshTokensPerUser,
    List<String> clientAuth,
    PkceMode pkce,
    boolean idTokens,
    String tokenType,
    Map<String, String> callbackParams,
    Map<String, String> tokenFields,
    Map<String, String> oauthErrorNames,
    Set<Quirk> quirks,
    List<UserSpec> users,
    List<ClientSpec> clients,
    Api api) {

  /** Client authentication methods a profile may list. */
  public static final Set<String> CLIENT_AUTH_METHODS =
      Set.of("client_secret_basic", "client_secret_post");

  public Profile {
    Objects.requireNonNull(id, "id");
    displayName = displayName == null ? id : displayName;
    routes = routes == null ? "generic" : routes;
    hosts = ordered(hosts);
    regions = regions == null ? List.of() : List.copyOf(regions);
    scopes = ordered(scopes);
    defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
    scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
    scopeOnAuthorize = scopeOnAuthorize == null || scopeOnAuthorize;
    redirectUriOnAuthorize = redirectUriOnAuthorize == null || redirectUriOnAuthorize;
    redirectUriOnToken = redirectUriOnToken == null || redirectUriOnToken;
    grantTypes =
        grantTypes == null ? Set.of("authorization_code", "refresh_token") : Set.copyOf(grantTypes);
    codeTtl = codeTtl == null ? Duration.ofSeconds(60) : codeTtl;
    refreshTokenIssued = refreshTokenIssued == null ? RefreshTokenRule.ALWAYS : refreshTokenIssued;
    rotation = rotation == null ? Rotation.ROTATING : rotation;
    clientAuth =
        clientAuth == null
            ? List.of("client_secret_basic", "client_secret_post")
            : List.copyOf(clientAuth);
    pkce = pkce == null ? PkceMode.REQUIRED : pkce;
    tokenType = tokenType == null ? "Bearer" : tokenType;
    callbackParams = ordered(callbackParams);
    tokenFields = ordered(tokenFields);
    oauthErrorNames = oauthErrorNames == null ? Map.of() : Map.copyOf(oauthErrorNames);
    quirks =
        quirks == null || quirks.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(quirks));
    users = users == null ? List.of() : List.copyOf(users);
    clients = clients == null ? List.of() : List.copyOf(clients);
    new ProfileCheck(
            id,
            routes,
            hosts,
            regions,
            authorize,
            token,
            refresh,
            userinfo,
            revocation,
            scopes,
            defaultScopes,
            accessTokenTtl,
            clientAuth,
            callbackParams,
            tokenFields,
            users,
            api)
        .run();
  }

  public boolean has(Quirk quirk) {
    return quirks.contains(quirk);
  }

  /** Whether the host's path differs per region. */
  public boolean isRegional(String host) {
    return hosts.get(host).contains("{region}");
  }

  /**
   * The path prefix of {@code host} in {@code region} ({@code null} for a host without regions).
   */
  public String hostPath(String host, String region) {
    String path = hosts.get(host);
    if (path == null) {
      throw new IllegalArgumentException(id + " has no host '" + host + "'");
    }
    if (!path.contains("{region}")) {
      return path;
    }
    if (region == null) {
      throw new IllegalArgumentException(id + " host '" + host + "' needs a region");
    }
    return path.replace("{region}", region);
  }

  /** The regions a host is served in: every region for a regional host, else just {@code null}. */
  public List<String> regionsOf(String host) {
    if (!isRegional(host)) {
      List<String> global = new ArrayList<>();
      global.add(null);
      return global;
    }
    return regions;
  }

  /** The region the seeded client is confined to, or {@code null} when every region knows it. */
  public String clientRegion(String clientId) {
    return clients.stream()
        .filter(c -> c.clientId().equals(clientId))
        .map(ClientSpec::region)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The OAuth error code this provider uses for {@code rfc6749Error}. */
  public String errorName(String rfc6749Error) {
    return oauthErrorNames.getOrDefault(rfc6749Error, rfc6749Error);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
