package io.signlink.provider.boldsign;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoldSignApiClientCredentialsTest {
  private static final WireMockServer boldsign = new WireMockServer(options().dynamicPort());
  private static final String PAGE = "{\"pageDetails\": {\"page\": 1}, \"result\": []}";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final JdkHttpTransport transport = new JdkHttpTransport();
  private BoldSignApiClient client;

  @BeforeAll
  static void start() {
    boldsign.start();
  }

  @AfterAll
  static void stop() {
    boldsign.stop();
  }

  @BeforeEach
  void setUp() {
    boldsign.resetAll();
    ProviderProfile profile =
        BoldSignProfiles.at(
                URI.create(boldsign.baseUrl() + "/account"),
                URI.create(boldsign.baseUrl() + "/api/v1"),
                "app-id",
                Secret.of("app-secret"))
            .build();
    BoldSignApiClientCredentials tokens =
        new BoldSignApiClientCredentials(
            new TokenClient(transport, clock), profile, List.of("BoldSign.Documents.All"), clock);
    client = BoldSignApiClient.forProfile(transport, ApiCallSettings.defaults(), profile, tokens);
  }

  private static String token(String value) {
    return "{\"access_token\": \""
        + value
        + "\", \"token_type\": \"Bearer\", \"expires_in\": 3600}";
  }

  @Test
  void oneClientCredentialsTokenServesCallsUntilNearExpiry() { // RFC 6749 §4.4, SECURITY.md
    // §freshness
    boldsign.stubFor(
        post("/account/connect/token")
            .inScenario("cc")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson(token("cc-1")))
            .willSetStateTo("second"));
    boldsign.stubFor(
        post("/account/connect/token")
            .inScenario("cc")
            .whenScenarioStateIs("second")
            .willReturn(okJson(token("cc-2"))));
    boldsign.stubFor(get(urlPathEqualTo("/api/v1/document/list")).willReturn(okJson(PAGE)));

    client.listDocuments(1, 10);
    client.listDocuments(2, 10);
    clock.advance(Duration.ofMinutes(59));
    client.listDocuments(1, 10);

    boldsign.verify(
        2,
        postRequestedFor(urlPathEqualTo("/account/connect/token"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("scope=BoldSign.Documents.All")));
    boldsign.verify(
        2,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/v1/document/list"))
            .withHeader("Authorization", equalTo("Bearer cc-1")));
    boldsign.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo("/api/v1/document/list"))
            .withHeader("Authorization", equalTo("Bearer cc-2")));
  }

  @Test
  void aRefusedTokenIsReplacedByOneNewGrant() { // SECURITY.md §retry-on-401
    boldsign.stubFor(
        post("/account/connect/token")
            .inScenario("cc")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson(token("cc-1")))
            .willSetStateTo("second"));
    boldsign.stubFor(
        post("/account/connect/token")
            .inScenario("cc")
            .whenScenarioStateIs("second")
            .willReturn(okJson(token("cc-2"))));
    boldsign.stubFor(
        get(urlPathEqualTo("/api/v1/document/list"))
            .withHeader("Authorization", equalTo("Bearer cc-1"))
            .willReturn(aResponse().withStatus(401)));
    boldsign.stubFor(
        get(urlPathEqualTo("/api/v1/document/list"))
            .withHeader("Authorization", equalTo("Bearer cc-2"))
            .willReturn(okJson(PAGE)));

    assertThat(client.listDocuments(1, 10).documents()).isEmpty();

    boldsign.verify(2, postRequestedFor(urlPathEqualTo("/account/connect/token")));
  }
}
