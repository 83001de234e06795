package io.signlink.provider.definition;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.Provider;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider known only from a definition, on a real socket: what its data says (no PKCE, comma
 * scopes on the code exchange, a separate refresh endpoint, its own auth scheme, an identity call,
 * a test call) is what goes over the wire.
 */
class DefinedProviderOnTheWireTest {
  static WireMockServer wm;

  static final String DEFINITION =
      """
      {"schema": 1, "id": "quill", "display_name": "Quill Sign",
       "variables": {"account": "http://127.0.0.1:0/auth", "api": "http://127.0.0.1:0/api"},
       "endpoints": {"authorization": "{account}/authorize", "token": "{account}/token",
                     "refresh": "{account}/token/refresh"},
       "client_auth": "client_secret_post",
       "pkce": false,
       "scopes": {"separator": ",", "default": ["docs.read", "docs.write"], "placement": "token"},
       "identity": {"endpoint": "{base_uri}/me", "subject": "/user/id", "email": "/user/email"},
       "api": {"base": "{api}", "path": "/v2", "auth_scheme": "Quill-token"},
       "errors": {"code": "/code", "message": "/message"},
       "test_call": {"path": "docs?limit=2", "lists": "documents",
                     "summary": "{display_name}: {/total|0} document(s)",
                     "items": {"at": "/docs", "limit": 2, "each": "; {/name}"}}}
      """;

  final Clock clock = Clock.systemUTC();
  final JdkHttpTransport http = new JdkHttpTransport();
  ProviderDefinition definition;
  Provider provider;

  @BeforeAll
  static void start() {
    wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void setUp() {
    wm.resetAll();
    definition =
        ProviderDefinitions.read(
            "quill.json", new ByteArrayInputStream(DEFINITION.getBytes(StandardCharsets.UTF_8)));
    ProviderClientSettings settings =
        ProviderClientSettings.of("quill", "client-1", Secret.of("secret-1"))
            .withOverride("account", URI.create(wm.baseUrl() + "/auth"))
            .withOverride("api", URI.create(wm.baseUrl() + "/api"));
    provider =
        new DefinedProviders(
                ProviderDefinitions.of(List.of(definition)), DefinitionHooks.builtIn(), http, clock)
            .create(settings);
    wm.stubFor(
        post("/auth/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"rt-1\"}")));
    wm.stubFor(
        post("/auth/token/refresh")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
  }

  @Test
  void sendsNoPkceAndTheScopeOnTheCodeExchangeJoinedByItsSeparator() {
    AuthorizationStart start =
        new AuthorizationRequests(clock)
            .start(provider.profile(), "alice", URI.create("http://127.0.0.1/cb"), null, null);
    Map<String, List<String>> query = URLUtils.parseParameters(start.authorizationUrl().getQuery());
    assertThat(query).containsKeys("state", "client_id", "redirect_uri");
    assertThat(query).doesNotContainKeys("code_challenge", "code_challenge_method", "scope");

    new TokenClient(http, clock)
        .exchangeCode(provider.profile(), Secret.of("code-1"), start.pending());

    Map<String, List<String>> form =
        URLUtils.parseParameters(
            wm.findAll(postRequestedFor(urlEqualTo("/auth/token"))).get(0).getBodyAsString());
    assertThat(form.get("scope")).containsExactly("docs.read,docs.write");
    assertThat(form).doesNotContainKey("code_verifier");
    assertThat(form.get("client_secret")).containsExactly("secret-1");
  }

  @Test
  void refreshesAtTheSeparateRefreshEndpoint() {
    TokenSet refreshed =
        new TokenClient(http, clock).refresh(provider.profile(), Secret.of("rt-1"), null);
    assertThat(refreshed.accessToken().reveal()).isEqualTo("at-2");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/auth/token/refresh")))).hasSize(1);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/auth/token")))).isEmpty();
  }

  @Test
  void findsTheUserByTheIdentityCallInItsAuthScheme() {
    wm.stubFor(
        get("/api/v2/me")
            .withHeader("Authorization", equalTo("Quill-token at-1"))
            .willReturn(okJson("{\"user\":{\"id\":\"u-42\",\"email\":\"a@quill.example\"}}")));
    ResolvedIdentity who = provider.accounts().resolve(provider.profile(), tokens("at-1"), null);
    assertThat(who.subject()).isEqualTo("u-42");
    assertThat(who.email()).isEqualTo("a@quill.example");
    assertThat(who.defaultAccount().orElseThrow().baseUri()).isEqualTo(wm.baseUrl() + "/api/v2");
  }

  @Test
  void runsTheTestCallFromTheDefinition() {
    wm.stubFor(
        get("/api/v2/docs?limit=2")
            .withHeader("Authorization", equalTo("Quill-token at-1"))
            .willReturn(
                okJson(
                    "{\"total\":7,\"docs\":[{\"name\":\"NDA\"},{\"name\":\"Lease\"},"
                        + "{\"name\":\"Other\"}]}")));
    String summary =
        DefinedApi.forConnection(
                definition,
                DefinitionHooks.builtIn(),
                http,
                ApiCallSettings.defaults(),
                connection(wm.baseUrl() + "/api/v2"),
                BearerTokens.fixed(Secret.of("at-1")))
            .testCall();
    assertThat(summary).isEqualTo("Quill Sign: 7 document(s); NDA; Lease");
    assertThat(wm.findAll(getRequestedFor(urlEqualTo("/api/v2/docs?limit=2")))).hasSize(1);
  }

  private static TokenSet tokens(String access) {
    Instant now = Instant.now();
    return new TokenSet(
        Secret.of(access), "Bearer", null, null, Set.of(), now, now.plusSeconds(3600), null);
  }

  private static Connection connection(String baseUri) {
    Instant now = Instant.now();
    return new Connection(
        "c-1",
        "quill",
        "alice",
        "u-42",
        "u-42",
        "Alice",
        baseUri,
        List.of(),
        Set.of(),
        ConnectionStatus.ACTIVE,
        null,
        null,
        1,
        now,
        now,
        now,
        null,
        null);
  }
}
