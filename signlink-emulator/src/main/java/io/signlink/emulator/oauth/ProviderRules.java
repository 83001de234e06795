package io.signlink.emulator.oauth;

import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Quirk;
import io.signlink.emulator.profile.RefreshTokenRule;
import io.signlink.emulator.profile.Templates;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One provider's authorization-server rules for a running emulator: its {@link Profile} with the
 * emulator's base URL and the configuration's overrides (lifetimes, {@code iss}, client
 * authentication) applied. Everything provider-specific the shared OAuth code needs is asked here.
 *
 * <p>Thread-safe: an immutable record.
 *
 * @param baseUri the emulator's {@code http://host:port}
 * @param jwtAudience the {@code aud} DocuSign JWT assertions must carry: the emulator's bare {@code
 *     host:port} (DocuSign: {@code account-d.docusign.com})
 * @param refreshTokenTtl the absolute refresh-token lifetime, or {@code null} for none
 * @param refreshTokenReuseGrace how long a rotated refresh token may be presented again ({@link
 *     Duration#ZERO}: never; reuse revokes the grant)
 * @param users the seeded users, default user first
 */
public record ProviderRules(
    Profile profile,
    String baseUri,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration codeTtl,
    boolean postAuthOnly,
    boolean issParameter,
    String jwtAudience,
    Duration refreshTokenReuseGrace,
    List<SeedUser> users) {

  public ProviderRules {
    users = List.copyOf(users);
  }

  public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  /** DocuSign's JWT-grant access tokens live one hour whatever the code-grant lifetime. */
  static final Duration JWT_GRANT_TTL = Duration.ofHours(1);

  /** A refresh token "that never expires" still needs an instant; a century is never enough. */
  private static final Duration NEVER = Duration.ofDays(36_500);

  /** The rules of {@code profile} on the emulator at {@code baseUri}, with config overrides. */
  public static ProviderRules of(
      Profile profile, String baseUri, String jwtAudience, EmulatorConfig config) {
    Duration access = config.accessTokenTtl(profile.id());
    Duration refresh =
        config.refreshTokenTtlOverride() != null
            ? config.refreshTokenTtlOverride()
            : profile.refreshTokenTtl();
    boolean postOnly = profile.id().equals(Provider.BOLDSIGN.id()) && config.boldSignPostAuthOnly();
    boolean iss = profile.id().equals(Provider.BOLDSIGN.id()) && config.boldSignIssParameter();
    return new ProviderRules(
        profile,
        baseUri,
        access != null ? access : profile.accessTokenTtl(),
        refresh,
        config.codeTtlOverride() != null ? config.codeTtlOverride() : profile.codeTtl(),
        postOnly,
        iss,
        profile.id().equals(Provider.DOCUSIGN.id()) ? jwtAudience : null,
        config.refreshTokenReuseGrace(),
        SeedUsers.of(profile));
  }

  /** The user {@code hint} names (sub or e-mail), if seeded. */
  public Optional<SeedUser> findUser(String hint) {
    return SeedUsers.find(users, hint);
  }

  /** The user auto-approve signs in when nobody else is named. */
  public SeedUser defaultUser() {
    return users.get(0);
  }

  public Provider provider() {
    return Provider.of(profile.id(), profile.displayName());
  }

  /** The absolute base of {@code host} in {@code region} ({@code null} for none). */
  public String hostBase(String host, String region) {
    return baseUri + profile.hostPath(host, region);
  }

  /**
   * The absolute base of the server the authorization endpoint is on, e.g. {@code
   * http://127.0.0.1:8090/boldsign}; also BoldSign's issuer.
   */
  public String accountBase() {
    String host = profile.authorize().host();
    return profile.isRegional(host)
        ? hostBase(host, profile.regions().get(0))
        : hostBase(host, null);
  }

  public String authorizePath() {
    return profile.authorize().path();
  }

  public String tokenPath() {
    return profile.token().path();
  }

  public String userinfoPath() {
    return profile.userinfo() == null ? null : profile.userinfo().path();
  }

  public Map<String, String> scopes() {
    return profile.scopes();
  }

  public Set<String> grantTypes() {
    return profile.grantTypes();
  }

  public boolean idTokens() {
    return profile.idTokens();
  }

  public boolean has(Quirk quirk) {
    return profile.has(quirk);
  }

  /** The client authentication methods the token endpoint accepts and discovery announces. */
  public List<String> clientAuthMethods() {
    return postAuthOnly ? List.of("client_secret_post") : profile.clientAuth();
  }

  /** Whether only {@code client_secret_basic} is accepted (DocuSign, SignNow). */
  public boolean basicAuthOnly() {
    return !clientAuthMethods().contains("client_secret_post");
  }

  /** Whether HTTP Basic is refused (BoldSign when so configured, PandaDoc, Acrobat Sign, …). */
  public boolean basicAuthRefused() {
    return !clientAuthMethods().contains("client_secret_basic");
  }

  public String issuer() {
    return accountBase();
  }

  /**
   * Whether the code issued for {@code request} comes with a refresh token.
   *
   * @param consentedBefore whether the user had already consented to these scopes for the client
   */
  public boolean issuesRefreshToken(AuthorizationRequest request, boolean consentedBefore) {
    RefreshTokenRule rule = profile.refreshTokenIssued();
    return switch (rule) {
      case ALWAYS -> true;
      case OFFLINE_ACCESS_SCOPE -> request.scopes().contains("offline_access");
      case ACCESS_TYPE_OFFLINE ->
          "offline".equals(request.accessType())
              && (!consentedBefore || request.prompt().contains("consent"));
    };
  }

  /** The scopes in a {@code scope} value, split on the profile's separator (Zoho: commas). */
  public List<String> splitScopes(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(Pattern.quote(profile.scopeSeparator())))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .distinct()
        .toList();
  }

  /** Scopes joined with the profile's separator, as the provider's token answers write them. */
  public String joinScopes(List<String> scopes) {
    return String.join(profile.scopeSeparator(), scopes);
  }

  /**
   * The values {@link io.signlink.emulator.profile.Templates} fills for {@code grant}: its user,
   * region, client and the absolute base of every host in its region.
   */
  public Map<String, String> templateValues(Grant grant) {
    return templateValues(grant.user(), grant.region(), grant.client().clientId());
  }

  /** The template values for {@code user} in {@code region}. */
  public Map<String, String> templateValues(SeedUser user, String region, String clientId) {
    Map<String, String> values = new HashMap<>();
    values.put("user.sub", user.sub());
    values.put("user.email", user.email());
    values.put("user.given_name", user.givenName());
    values.put("user.family_name", user.familyName());
    values.put("user.name", user.name());
    values.put("user.created", user.created() == null ? "" : user.created());
    values.put("region", region == null ? "" : region);
    values.put("client_id", clientId);
    String hostRegion =
        region != null ? region : profile.regions().stream().findFirst().orElse(null);
    for (String host : profile.hosts().keySet()) {
      values.put("host:" + host, hostBase(host, hostRegion));
    }
    return values;
  }

  /** The profile's extra token-answer members for {@code grant}. */
  public Map<String, String> tokenFields(Grant grant) {
    Map<String, String> values = templateValues(grant);
    Map<String, String> fields = new LinkedHashMap<>();
    profile.tokenFields().forEach((k, v) -> fields.put(k, Templates.fill(v, values)));
    return fields;
  }

  /** The lifetime of a new refresh token: the absolute one, capped by the idle one. */
  public Duration newRefreshTokenTtl() {
    Duration absolute = refreshTokenTtl != null ? refreshTokenTtl : NEVER;
    Duration idle = profile.refreshTokenIdleTtl();
    return idle != null && idle.compareTo(absolute) < 0 ? idle : absolute;
  }
}
