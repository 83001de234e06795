package io.signlink.provider.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.signlink.error.ConfigurationException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.TestHttp;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect discovery against a real server (WireMock): SECURITY.md §issuer-check, §discovery.
 */
class OidcDiscoveryTest {
  static WireMockServer server;
  static String base;

  MutableClock clock;
  String issuer;

  @BeforeAll
  static void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    issuer = base + "/tenant";
  }

  static String document(String issuer, String endpointBase, String extra) {
    return "{\"issuer\":\""
        + issuer
        + "\","
        + "\"authorization_endpoint\":\""
        + endpointBase
        + "/authorize\","
        + "\"token_endpoint\":\""
        + endpointBase
        + "/token\","
        + "\"userinfo_endpoint\":\""
        + endpointBase
        + "/userinfo\","
        + "\"jwks_uri\":\""
        + endpointBase
        + "/jwks\","
        + "\"response_types_supported\":[\"code\"],"
        + "\"subject_types_supported\":[\"public\"],"
        + "\"id_token_signing_alg_values_supported\":[\"RS256\"]"
        + extra
        + "}";
  }

  void serve(String json) {
    server.stubFor(
        get(urlEqualTo("/tenant/.well-known/openid-configuration")).willReturn(okJson(json)));
  }

  static int discoveryRequests() {
    return server
        .findAll(getRequestedFor(urlEqualTo("/tenant/.well-known/openid-configuration")))
        .size();
  }

  OidcDiscovery discovery() {
    return OidcDiscovery.create(issuer, new TestHttp(), clock);
  }

  // SECURITY.md §issuer-check, §discovery
  @Test
  void readsEndpointsRevocationAndIssParameterSupport() {
    serve(
        document(
            issuer,
            issuer,
            ",\"revocation_endpoint\":\""
                + issuer
                + "/revoke\","
                + "\"authorization_response_iss_parameter_supported\":true,\"code_challenge_methods_supported\":[\"S256\"]"));

    OidcMetadata m = discovery().metadata();

    assertThat(m.issuer()).isEqualTo(issuer);
    assertThat(m.tokenEndpoint()).isEqualTo(URI.create(issuer + "/token"));
    assertThat(m.revocationEndpoint()).isEqualTo(URI.create(issuer + "/revoke"));
    assertThat(m.issParameterSupported()).isTrue();
    assertThat(m.codeChallengeMethods()).containsExactly("S256");
  }

  @Test
  void buildsAnOpenIdProfileWithDefaultScopes() {
    serve(document(issuer, issuer, ",\"authorization_response_iss_parameter_supported\":true"));

    ProviderProfile p =
        discovery()
            .profile(
                "acme", "client-1", Secret.of("s"), ClientAuthMethod.CLIENT_SECRET_BASIC, null);

    assertThat(p.kind()).isEqualTo(ProviderKind.OIDC);
    assertThat(p.openId()).isTrue();
    assertThat(p.issuer()).isEqualTo(issuer);
    assertThat(p.scopes()).containsExactly("openid", "profile", "email"); // offline_access not
    // announced
    assertThat(p.issParameterSupported()).isTrue();
    assertThat(p.jwksUri()).isEqualTo(URI.create(issuer + "/jwks"));
    assertThat(p.userinfoEndpoint()).isEqualTo(URI.create(issuer + "/userinfo"));
    assertThat(p.revocationEndpoint()).isNull();
  }

  // SECURITY.md §scopes: offline_access only where the provider announces it or a setting asks
  @Test
  void offlineAccessIsRequestedOnlyWhenAnnouncedOrConfigured() {
    serve(document(issuer, issuer, ",\"scopes_supported\":[\"openid\",\"offline_access\"]"));
    OidcDiscovery announced = discovery();
    assertThat(profileWith(announced, OidcDiscovery.OfflineAccess.AUTO).scopes())
        .containsExactly("openid", "profile", "email", "offline_access");
    assertThat(profileWith(announced, OidcDiscovery.OfflineAccess.NEVER).scopes())
        .containsExactly("openid", "profile", "email");

    server.resetAll();
    serve(document(issuer, issuer, ",\"scopes_supported\":[\"openid\",\"email\"]"));
    OidcDiscovery silent = discovery();
    assertThat(profileWith(silent, OidcDiscovery.OfflineAccess.AUTO).scopes())
        .containsExactly("openid", "profile", "email");
    assertThat(profileWith(silent, OidcDiscovery.OfflineAccess.ALWAYS).scopes())
        .containsExactly("openid", "profile", "email", "offline_access");
  }

  private static ProviderProfile profileWith(
      OidcDiscovery discovery, OidcDiscovery.OfflineAccess offline) {
    return discovery.profile("acme", "client-1", Secret.of("s"), null, null, offline);
  }

  // SECURITY.md §client-auth: chosen from token_endpoint_auth_methods_supported and the setting
  @Test
  void clientAuthenticationFollowsDiscoveryUnlessConfigured() {
    serve(
        document(
            issuer,
            issuer,
            ",\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"private_key_jwt\"]"));
    OidcDiscovery postOnly = discovery();
    assertThat(profileWith(postOnly, OidcDiscovery.OfflineAccess.AUTO).clientAuth())
        .isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(
            postOnly
                .profile(
                    "acme",
                    "client-1",
                    Secret.of("s"),
                    ClientAuthMethod.CLIENT_SECRET_BASIC,
                    null,
                    OidcDiscovery.OfflineAccess.AUTO)
                .clientAuth())
        .isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC); // the setting wins
    assertThat(
            postOnly
                .profile("acme", "public", null, null, null, OidcDiscovery.OfflineAccess.AUTO)
                .clientAuth())
        .isEqualTo(ClientAuthMethod.NONE);

    assertThat(OidcDiscovery.chooseClientAuth("acme", Secret.of("s"), null, java.util.List.of()))
        .isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC); // Discovery §3's default
    assertThat(
            OidcDiscovery.chooseClientAuth(
                "acme",
                Secret.of("s"),
                null,
                java.util.List.of("client_secret_basic", "client_secret_post")))
        .isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThatThrownBy(
            () ->
                OidcDiscovery.chooseClientAuth(
                    "acme", Secret.of("s"), null, java.util.List.of("private_key_jwt")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("client_secret_basic or client_secret_post");
  }

  @Test
  void issParameterSupportIsFalseWhenNotAnnounced() {
    serve(document(issuer, issuer, ""));
    assertThat(discovery().metadata().issParameterSupported()).isFalse();
  }

  // SECURITY.md §discovery (oidcc-client-test-discovery-issuer-mismatch)
  @Test
  void rejectsIssuerThatDiffersByATrailingSlash() {
    serve(document(issuer + "/", issuer, ""));
    assertThatThrownBy(() -> discovery().metadata())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("not identical")
        .satisfies(
            e ->
                assertThat(((InvalidResponseException) e).kind())
                    .isEqualTo(InvalidResponseException.Kind.INVALID_METADATA));
  }

  @Test
  void rejectsIssuerThatDiffersInCase() {
    serve(document(issuer.replace("tenant", "Tenant"), issuer, ""));
    assertThatThrownBy(() -> discovery().metadata()).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void configuredIssuerWithTrailingSlashMustBeAnnouncedWithIt() {
    issuer = base + "/tenant/";
    serve(document(issuer, base + "/tenant", ""));

    assertThat(discovery().metadata().issuer()).isEqualTo(base + "/tenant/");
    assertThat(discoveryRequests()).isEqualTo(1); // Discovery §4: no "//.well-known"
  }

  // SECURITY.md §discovery
  @Test
  void rejectsPlainHttpEndpointOnANonLoopbackHost() {
    serve(document(issuer, issuer, "").replace(issuer + "/token", "http://idp.example/token"));
    assertThatThrownBy(() -> discovery().metadata())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("token_endpoint")
        .hasMessageContaining("https");
  }

  @Test
  void rejectsPlainHttpIssuerOnANonLoopbackHost() {
    assertThatThrownBy(() -> OidcDiscovery.create("http://idp.example", new TestHttp(), clock))
        .isInstanceOf(ConfigurationException.class);
  }

  // SECURITY.md §discovery: cached with a TTL
  @Test
  void cachesMetadataUntilRefreshAfter() {
    serve(document(issuer, issuer, ""));
    OidcDiscovery d = discovery();

    d.metadata();
    d.metadata();
    clock.advance(Duration.ofMinutes(14));
    d.metadata();
    assertThat(discoveryRequests()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    d.metadata();
    assertThat(discoveryRequests()).isEqualTo(2);
  }

  // SECURITY.md §discovery: outage → last good metadata within its TTL, retryable failure after it
  @Test
  void keepsServingLastGoodMetadataDuringAnOutageUntilItsTtl() {
    serve(document(issuer, issuer, ""));
    OidcDiscovery d = discovery();
    OidcMetadata good = d.metadata();
    server.stubFor(
        get(urlEqualTo("/tenant/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(503)));

    clock.advance(Duration.ofMinutes(20));
    assertThat(d.metadata()).isEqualTo(good);
    assertThat(d.metadata()).isEqualTo(good); // within the refetch rate limit: no new request
    assertThat(discoveryRequests()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(41));
    assertThatThrownBy(d::metadata)
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("retry later");
    assertThat(discoveryRequests()).isEqualTo(3);
  }

  @Test
  void rateLimitsFetchesWhileTheEndpointFails() {
    server.stubFor(
        get(urlEqualTo("/tenant/.well-known/openid-configuration"))
            .willReturn(aResponse().withStatus(500)));
    OidcDiscovery d = discovery();

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(d::metadata).isInstanceOf(TransientException.class);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(discoveryRequests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(d::metadata).isInstanceOf(TransientException.class);
    assertThat(discoveryRequests()).isEqualTo(2);
  }

  @Test
  void invalidDocumentIsNotCachedAndRecoveryIsPickedUp() {
    serve(document(issuer + "/", issuer, ""));
    OidcDiscovery d = discovery();
    assertThatThrownBy(d::metadata).isInstanceOf(InvalidResponseException.class);

    serve(document(issuer, issuer, ""));
    clock.advance(Duration.ofSeconds(31));
    assertThat(d.metadata().issuer()).isEqualTo(issuer);
  }
}
