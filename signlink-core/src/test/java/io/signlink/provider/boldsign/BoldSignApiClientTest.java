package io.signlink.provider.boldsign;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.error.ConfigurationException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.CountingTokens;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoldSignApiClientTest {
  private static final WireMockServer boldsign = new WireMockServer(options().dynamicPort());
  private static final String LIST = "/v1/document/list";
  private static final String PAGE =
      "{\"pageDetails\": {\"pageSize\": 10, \"page\": 1, \"totalRecordsCount\": 1, \"totalPages\": 1},"
          + " \"result\": [{\"documentId\": \"d-1\", \"messageTitle\": \"NDA\", \"status\": \"InProgress\","
          + " \"senderDetail\": {\"name\": \"Ann\", \"emailAddress\": \"ann@example.com\"},"
          + " \"createdDate\": 1795000000, \"activityDate\": 1795000100}]}";
  private final JdkHttpTransport transport = new JdkHttpTransport();

  @BeforeAll
  static void start() {
    boldsign.start();
  }

  @AfterAll
  static void stop() {
    boldsign.stop();
  }

  @BeforeEach
  void reset() {
    boldsign.resetAll();
  }

  private BoldSignApiClient client(BearerTokens tokens) {
    return new BoldSignApiClient(transport, ApiCallSettings.defaults(), boldsign.baseUrl(), tokens);
  }

  @Test
  void listsDocumentsWithTheRequiredPageParameter() {
    boldsign.stubFor(get(LIST + "?Page=1&PageSize=10").willReturn(okJson(PAGE)));

    BoldSignApiDocumentPage page = client(BearerTokens.fixed(Secret.of("t"))).listDocuments(1, 10);

    assertThat(page.totalRecords()).isEqualTo(1);
    assertThat(page.documents())
        .containsExactly(
            new BoldSignApiDocument(
                "d-1",
                "NDA",
                "InProgress",
                "ann@example.com",
                Instant.ofEpochSecond(1795000000),
                Instant.ofEpochSecond(1795000100)));
    boldsign.verify(
        getRequestedFor(urlEqualTo(LIST + "?Page=1&PageSize=10"))
            .withHeader("Authorization", equalTo("Bearer t"))
            .withoutHeader("X-API-KEY"));
  }

  @Test
  void anEmptyBody401RefreshesOnceAndRetries() { // BoldSign's failed-auth 401 has no body;
    // SECURITY.md §retry-on-401
    boldsign.stubFor(
        get(urlPathEqualTo(LIST))
            .withHeader("Authorization", equalTo("Bearer old"))
            .willReturn(aResponse().withStatus(401)));
    boldsign.stubFor(
        get(urlPathEqualTo(LIST))
            .withHeader("Authorization", equalTo("Bearer new"))
            .willReturn(okJson(PAGE)));
    CountingTokens tokens = new CountingTokens("old", "new");

    BoldSignApiDocumentPage page = client(tokens).listDocuments(1, 10);

    assertThat(page.documents()).hasSize(1);
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(boldsign.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void twoEmptyBody401sEndInInvalidToken() {
    boldsign.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(401)));
    CountingTokens tokens = new CountingTokens("a", "b", "c");

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class, () -> client(tokens).listDocuments(1, 10));

    assertThat(e.oauthError()).isEqualTo("invalid_token");
    assertThat(e.description()).isNull();
    assertThat(e.getMessage()).startsWith("BoldSign refused the request (invalid_token)");
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(boldsign.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void aForbiddenAnswerNamesBoldSignsErrorAndDoesNotRefresh() { // SECURITY.md §retry-on-401
    boldsign.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody("{\"error\": \"The scope BoldSign.Documents.Read is required\"}")));
    CountingTokens tokens = new CountingTokens("a", "b");

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class, () -> client(tokens).listDocuments(1, 10));

    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.oauthError()).isEqualTo("forbidden");
    assertThat(e.description()).contains("BoldSign.Documents.Read");
    assertThat(tokens.refreshes()).isZero();
  }

  @Test
  void validationProblemDetailsBecomeTheMessage() {
    boldsign.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\": \"https://tools.ietf.org/html/rfc9110#section-15.5.1\","
                            + " \"title\": \"One or more validation errors occurred.\", \"status\": 400,"
                            + " \"errors\": {\"PageSize\": [\"PageSize must be between 1 and 100.\"]}}")));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> client(BearerTokens.fixed(Secret.of("t"))).listDocuments(1, 10));

    assertThat(e.oauthError()).isEqualTo("bad_request");
    assertThat(e.description())
        .isEqualTo(
            "One or more validation errors occurred. PageSize: PageSize must be between 1 and 100.");
  }

  @Test
  void serverErrorIsTransient() {
    boldsign.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(502)));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> client(BearerTokens.fixed(Secret.of("t"))).listDocuments(1, 10));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
  }

  @Test
  void refusesPagesBoldSignWouldRefuse() {
    BoldSignApiClient client = client(BearerTokens.fixed(Secret.of("t")));
    assertThatThrownBy(() -> client.listDocuments(0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.listDocuments(1, 101))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(boldsign.getAllServeEvents().size()).isZero();
  }

  @Test
  void theApiRootIsTheRegionsHostWithV1Once() {
    BearerTokens t = BearerTokens.fixed(Secret.of("t"));
    assertThat(new BoldSignApiClient(transport, "https://api-eu.boldsign.com", t).apiRoot())
        .isEqualTo(URI.create("https://api-eu.boldsign.com/v1"));
    assertThat(new BoldSignApiClient(transport, "https://api-ca.boldsign.com/v1/", t).apiRoot())
        .isEqualTo(URI.create("https://api-ca.boldsign.com/v1"));
    assertThatThrownBy(() -> new BoldSignApiClient(transport, "http://api.boldsign.com", t))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void genericGetStaysBelowTheApiRoot() {
    boldsign.stubFor(
        get("/v1/document/properties?documentId=d-1")
            .willReturn(okJson("{\"documentId\": \"d-1\"}")));
    BoldSignApiClient client = client(BearerTokens.fixed(Secret.of("t")));

    assertThat(client.get("document/properties?documentId=d-1").get("documentId").asText())
        .isEqualTo("d-1");
    assertThatThrownBy(() -> client.get("https://evil.example/v1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.get("../v2/x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(boldsign.getAllServeEvents().size()).isEqualTo(1);
  }
}
