package io.signlink.provider.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.signlink.error.ConfigurationException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.HttpsPolicy;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a generic OpenID Provider's endpoints from its issuer URL (OpenID Connect Discovery 1.0).
 *
 * <p>The document is fetched from {@code {issuer}/.well-known/openid-configuration} (capped at 512
 * KiB, SECURITY.md §token-response) and parsed by Nimbus {@link OIDCProviderMetadata}. Its {@code
 * issuer} must be identical to the configured one — a trailing slash or a case variant is rejected
 * (Discovery §4.3, RFC 8414 §3.3, SECURITY.md §discovery) — and every endpoint must be https unless
 * its host is a loopback address (SECURITY.md §discovery).
 *
 * <p>Caching (SECURITY.md §discovery): metadata younger than {@code refreshAfter} is served without
 * I/O; after that a refetch is attempted (at most once per {@code minRefetchInterval}); while it
 * fails, the last good metadata keeps serving until it is {@code ttl} old, and only then do callers
 * get a {@link TransientException}. An invalid document is never cached.
 *
 * <p>Thread-safe: fetches are serialised on this object; readers see an immutable snapshot.
 */
public final class OidcDiscovery {
  private static final Logger log = LoggerFactory.getLogger(OidcDiscovery.class);
  private static final String WELL_KNOWN = "/.well-known/openid-configuration";

  /**
   * The one list of default scopes for a generic OpenID provider (SECURITY.md §scopes): identity
   * only. {@code offline_access} is added by {@link #defaultScopes} only when the provider
   * announces it or a setting asks for it, because a provider that does not register it answers
   * {@code invalid_scope}, and Keycloak maps it to offline sessions that a user needs a role for
   * (docs/PROVIDERS-OIDC.md).
   */
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");

  /** The scope that asks for a refresh token usable while the user is away (OIDC Core §11). */
  public static final String OFFLINE_ACCESS = "offline_access";

  /** Whether {@code offline_access} is part of the default scopes. */
  public enum OfflineAccess {
    /** When discovery's {@code scopes_supported} lists it (the default). */
    AUTO,
    /** Always. */
    ALWAYS,
    /** Never: online sessions only (Keycloak users without the offline role). */
    NEVER
  }

  /** {@link #DEFAULT_SCOPES}, plus {@code offline_access} as {@code offline} decides. */
  public static List<String> defaultScopes(OfflineAccess offline, List<String> scopesSupported) {
    boolean add =
        offline == OfflineAccess.ALWAYS
            || (offline == OfflineAccess.AUTO && scopesSupported.contains(OFFLINE_ACCESS));
    if (!add) {
      return DEFAULT_SCOPES;
    }
    List<String> scopes = new java.util.ArrayList<>(DEFAULT_SCOPES);
    scopes.add(OFFLINE_ACCESS);
    return List.copyOf(scopes);
  }

  /**
   * How the client authenticates at the token endpoint (SECURITY.md §client-auth): none without a
   * secret; else the configured method, or, when none is configured, {@code client_secret_basic} if
   * the provider announces it (or announces nothing: Discovery §3's default), then {@code
   * client_secret_post}.
   *
   * @param configured the per-provider setting, or {@code null} to choose from discovery
   * @throws ConfigurationException when nothing SignLink speaks is announced and nothing is set
   */
  public static ClientAuthMethod chooseClientAuth(
      String providerId, Secret secret, ClientAuthMethod configured, List<String> announced) {
    if (secret == null) {
      return ClientAuthMethod.NONE;
    }
    if (configured != null && configured != ClientAuthMethod.NONE) {
      String name = configured.name().toLowerCase(java.util.Locale.ROOT);
      if (!announced.isEmpty() && !announced.contains(name)) {
        log.warn(
            "{} does not announce {} in token_endpoint_auth_methods_supported {}; using it because"
                + " it is configured",
            providerId,
            name,
            announced);
      }
      return configured;
    }
    if (announced.isEmpty() || announced.contains("client_secret_basic")) {
      return ClientAuthMethod.CLIENT_SECRET_BASIC;
    }
    if (announced.contains("client_secret_post")) {
      return ClientAuthMethod.CLIENT_SECRET_POST;
    }
    throw new ConfigurationException(
        providerId + ".clientAuth",
        providerId
            + " announces only "
            + announced
            + " for its token endpoint; SignLink can use client_secret_basic or"
            + " client_secret_post. Register the client for one of them and set the client"
            + " authentication setting");
  }

  /**
   * Cache timings. Immutable.
   *
   * @param refreshAfter age after which a refetch is tried
   * @param ttl the oldest metadata ever served (must be ≥ refreshAfter)
   * @param minRefetchInterval at most one fetch attempt per this interval
   */
  public record Settings(Duration refreshAfter, Duration ttl, Duration minRefetchInterval) {
    public Settings {
      Objects.requireNonNull(refreshAfter, "refreshAfter");
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(minRefetchInterval, "minRefetchInterval");
      if (ttl.compareTo(refreshAfter) < 0) {
        throw new IllegalArgumentException("ttl must not be shorter than refreshAfter");
      }
    }

    /** Refetch after 15 min, serve at most 1 h old, at most one attempt per 30 s. */
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofSeconds(30));
    }
  }

  private record Cached(OidcMetadata metadata, Instant fetchedAt) {}

  private final String issuer;
  private final URI configurationUri;
  private final HttpTransport http;
  private final Clock clock;
  private final Settings settings;

  private volatile Cached cached;
  private Instant lastAttempt;
  private SignLinkException lastFailure;

  public OidcDiscovery(String issuer, HttpTransport http, Clock clock, Settings settings) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    URI issuerUri;
    try {
      issuerUri = URI.create(issuer);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "issuer", "'" + issuer + "' is not a URL; use e.g. https://login.example.com");
    }
    HttpsPolicy.problem(issuerUri)
        .ifPresent(
            p -> {
              throw new ConfigurationException("issuer", issuer + " " + p);
            });
    if (issuerUri.getRawQuery() != null || issuerUri.getRawFragment() != null) {
      throw new ConfigurationException("issuer", issuer + " must not have a query or fragment");
    }
    // Discovery §4: a terminating "/" of the issuer is removed before appending the well-known
    // path.
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    this.configurationUri = URI.create(base + WELL_KNOWN);
  }

  public static OidcDiscovery create(String issuer, HttpTransport http, Clock clock) {
    return new OidcDiscovery(issuer, http, clock, Settings.defaults());
  }

  /** The configured issuer. */
  public String issuer() {
    return issuer;
  }

  /** Current metadata, fetched or from the cache as described on the class. */
  public OidcMetadata metadata() {
    Cached c = cached;
    Instant now = clock.instant();
    if (c != null && now.isBefore(c.fetchedAt().plus(settings.refreshAfter()))) {
      return c.metadata();
    }
    synchronized (this) {
      c = cached;
      now = clock.instant();
      if (c != null && now.isBefore(c.fetchedAt().plus(settings.refreshAfter()))) {
        return c.metadata();
      }
      boolean mayFetch =
          lastAttempt == null || !now.isBefore(lastAttempt.plus(settings.minRefetchInterval()));
      if (mayFetch) {
        lastAttempt = now;
        try {
          OidcMetadata fresh = fetch();
          cached = new Cached(fresh, clock.instant());
          lastFailure = null;
          return fresh;
        } catch (SignLinkException e) {
          lastFailure = e;
          log.warn("discovery for {} failed: {}", issuer, e.getMessage());
        }
      }
      if (c != null && now.isBefore(c.fetchedAt().plus(settings.ttl()))) {
        return c.metadata(); // last good metadata, still within its TTL (SECURITY.md §discovery)
      }
      if (lastFailure != null && !(lastFailure instanceof TransientException)) {
        throw lastFailure; // an invalid document is a configuration problem, not an outage
      }
      throw unavailable(c != null);
    }
  }

  /**
   * A profile from the current metadata with the client authentication and scopes chosen by {@link
   * #chooseClientAuth} and {@link #defaultScopes}.
   *
   * @param configuredAuth the configured method, or {@code null} to choose from discovery
   * @param scopes the configured scopes; {@code null} or empty for the defaults
   */
  public ProviderProfile profile(
      String id,
      String clientId,
      Secret clientSecret,
      ClientAuthMethod configuredAuth,
      List<String> scopes,
      OfflineAccess offline) {
    OidcMetadata m = metadata();
    ClientAuthMethod auth =
        chooseClientAuth(id, clientSecret, configuredAuth, m.tokenEndpointAuthMethods());
    List<String> chosen =
        scopes == null || scopes.isEmpty() ? defaultScopes(offline, m.scopesSupported()) : scopes;
    return profileBuilder(id, clientId, clientSecret, auth, chosen).build();
  }

  /**
   * A profile for this provider from the current metadata. {@code scopes} {@code null} or empty
   * means the defaults ({@link #defaultScopes} with {@link OfflineAccess#AUTO}).
   */
  public ProviderProfile profile(
      String id,
      String clientId,
      Secret clientSecret,
      ClientAuthMethod clientAuth,
      List<String> scopes) {
    return profileBuilder(id, clientId, clientSecret, clientAuth, scopes).build();
  }

  /** Like {@link #profile} but returns the builder, to override more before building. */
  public ProviderProfile.Builder profileBuilder(
      String id,
      String clientId,
      Secret clientSecret,
      ClientAuthMethod clientAuth,
      List<String> scopes) {
    OidcMetadata m = metadata();
    return ProviderProfile.builder()
        .id(id)
        .kind(ProviderKind.OIDC)
        .issuer(m.issuer())
        .authorizationEndpoint(m.authorizationEndpoint())
        .tokenEndpoint(m.tokenEndpoint())
        .userinfoEndpoint(m.userinfoEndpoint())
        .revocationEndpoint(m.revocationEndpoint())
        .jwksUri(m.jwksUri())
        .clientId(clientId)
        .clientSecret(clientSecret)
        .clientAuth(clientAuth)
        .scopes(
            scopes == null || scopes.isEmpty()
                ? defaultScopes(OfflineAccess.AUTO, m.scopesSupported())
                : scopes)
        .openId(true)
        .issParameterSupported(m.issParameterSupported());
  }

  private OidcMetadata fetch() {
    HttpRequest request =
        HttpRequest.newBuilder(configurationUri)
            .GET()
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .build();
    HttpResult result = http.send(request, JsonFetcher.DEFAULT_MAX_BYTES);
    if (!result.isSuccess()) {
      if (result.status() >= 500 || result.status() == 429) {
        throw new TransientException(
            TransientException.Kind.SERVER_ERROR,
            "discovery at " + configurationUri + " answered " + result.status() + "; retry later",
            null,
            false,
            null);
      }
      throw invalid(
          "the discovery document at "
              + configurationUri
              + " answered "
              + result.status()
              + "; check the issuer URL");
    }
    OIDCProviderMetadata parsed;
    try {
      parsed = OIDCProviderMetadata.parse(result.bodyAsString());
    } catch (ParseException e) {
      throw invalid(
          "the discovery document of "
              + issuer
              + " is not valid OpenID Provider metadata ("
              + e.getMessage()
              + ")");
    }
    String announced = parsed.getIssuer() == null ? null : parsed.getIssuer().getValue();
    if (!issuer.equals(announced)) {
      throw invalid(
          "the discovery document names the issuer '"
              + announced
              + "', which is not identical to the configured '"
              + issuer
              + "' (see docs/SECURITY.md §discovery); configure the exact issuer the provider announces");
    }
    return new OidcMetadata(
        announced,
        endpoint("authorization_endpoint", parsed.getAuthorizationEndpointURI(), true),
        endpoint("token_endpoint", parsed.getTokenEndpointURI(), true),
        endpoint("userinfo_endpoint", parsed.getUserInfoEndpointURI(), false),
        endpoint("revocation_endpoint", parsed.getRevocationEndpointURI(), false),
        endpoint("jwks_uri", parsed.getJWKSetURI(), true),
        parsed.supportsAuthorizationResponseIssuerParam(),
        parsed.getCodeChallengeMethods() == null
            ? List.of()
            : parsed.getCodeChallengeMethods().stream().map(Object::toString).toList(),
        parsed.getIDTokenJWSAlgs() == null
            ? List.of()
            : parsed.getIDTokenJWSAlgs().stream().map(Object::toString).toList(),
        parsed.getTokenEndpointAuthMethods() == null
            ? List.of()
            : parsed.getTokenEndpointAuthMethods().stream().map(Object::toString).toList(),
        parsed.getScopes() == null ? List.of() : parsed.getScopes().toStringList());
  }

  private URI endpoint(String name, URI uri, boolean required) {
    if (uri == null) {
      if (required) {
        throw invalid("the discovery document of " + issuer + " has no " + name);
      }
      return null;
    }
    HttpsPolicy.problem(uri)
        .ifPresent(
            p -> {
              throw invalid(
                  "the "
                      + name
                      + " of "
                      + issuer
                      + " ("
                      + uri
                      + ") "
                      + p
                      + " (see docs/SECURITY.md §discovery)");
            });
    return uri;
  }

  private TransientException unavailable(boolean hadMetadata) {
    String why =
        lastFailure == null ? "no fetch attempt was allowed yet" : lastFailure.getMessage();
    return new TransientException(
        TransientException.Kind.SERVER_ERROR,
        "the metadata of "
            + issuer
            + (hadMetadata ? " is too old and could not be refreshed: " : " is not available: ")
            + why
            + "; retry later",
        settings.minRefetchInterval(),
        false,
        lastFailure);
  }

  private static InvalidResponseException invalid(String message) {
    return new InvalidResponseException(InvalidResponseException.Kind.INVALID_METADATA, message);
  }
}
