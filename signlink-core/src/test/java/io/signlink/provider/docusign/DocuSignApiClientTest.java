package io.signlink.provider.docusign;

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
import io.signlink.connection.Account;
import io.signlink.error.ConfigurationException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.api.CountingTokens;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DocuSignApiClientTest {
  private static final WireMockServer docusign = new WireMockServer(options().dynamicPort());
  private static final String ACCOUNT = "f0e1d2c3-0000-4000-8000-000000000042";
  private static final String ROOT = "/restapi/v2.1/accounts/" + ACCOUNT;
  private final JdkHttpTransport transport = new JdkHttpTransport();

  @BeforeAll
  static void start() {
    docusign.start();
  }

  @AfterAll
  static void stop() {
    docusign.stop();
  }

  @BeforeEach
  void reset() {
    docusign.resetAll();
  }

  private DocuSignApiClient client(io.signlink.provider.api.BearerTokens tokens) {
    Account account = new Account(ACCOUNT, "Acme", docusign.baseUrl() + "/", true);
    return new DocuSignApiClient(transport, ApiCallSettings.defaults(), account, tokens);
  }

  @Test
  void getsTheAccountFromItsOwnBaseUri() { // docs/PROVIDERS.md "DocuSign base URI"
    docusign.stubFor(
        get(ROOT)
            .willReturn(
                okJson(
                    "{\"accountIdGuid\": \""
                        + ACCOUNT
                        + "\", \"accountName\": \"Acme\","
                        + " \"planName\": \"DEVCENTER\", \"createdDate\": \"2026-01-02T03:04:05.67Z\"}")));

    DocuSignApiAccount account = client(BearerTokens.fixed(Secret.of("t"))).getAccount();

    assertThat(account)
        .isEqualTo(
            new DocuSignApiAccount(
                ACCOUNT, "Acme", "DEVCENTER", Instant.parse("2026-01-02T03:04:05.67Z")));
    docusign.verify(
        getRequestedFor(urlEqualTo(ROOT)).withHeader("Authorization", equalTo("Bearer t")));
  }

  @Test
  void listsEnvelopesSinceADateAndAcceptsCountsAsStrings() {
    docusign.stubFor(
        get(urlPathEqualTo(ROOT + "/envelopes"))
            .withQueryParam("from_date", equalTo("2026-11-01T00:00:00Z"))
            .willReturn(
                okJson(
                    "{\"resultSetSize\": \"2\", \"totalSetSize\": \"2\", \"nextUri\": \"\","
                        + " \"envelopes\": ["
                        + "{\"envelopeId\": \"e1\", \"status\": \"sent\", \"emailSubject\": \"Sign\","
                        + " \"createdDateTime\": \"2026-11-02T10:00:00.0000000Z\"},"
                        + "{\"envelopeId\": \"e2\", \"status\": \"completed\"}]}")));

    DocuSignApiEnvelopeList list =
        client(BearerTokens.fixed(Secret.of("t")))
            .listEnvelopes(Instant.parse("2026-11-01T00:00:00Z"));

    assertThat(list.totalSetSize()).isEqualTo(2);
    assertThat(list.nextUri()).isNull();
    assertThat(list.envelopes())
        .extracting(DocuSignApiEnvelope::envelopeId)
        .containsExactly("e1", "e2");
    assertThat(list.envelopes().get(0).createdAt())
        .isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
  }

  @Test
  void anEmptyListingHasNoEnvelopesMember() {
    docusign.stubFor(
        get(urlPathEqualTo(ROOT + "/envelopes"))
            .willReturn(okJson("{\"resultSetSize\": \"0\", \"totalSetSize\": \"0\"}")));

    DocuSignApiEnvelopeList list =
        client(BearerTokens.fixed(Secret.of("t"))).listEnvelopes(Instant.EPOCH);

    assertThat(list.envelopes()).isEmpty();
    assertThat(list.totalSetSize()).isZero();
  }

  @Test
  void refreshesOnceOnA401AndRetries() { // SECURITY.md §retry-on-401
    docusign.stubFor(
        get(ROOT)
            .withHeader("Authorization", equalTo("Bearer expired"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"errorCode\": \"USER_AUTHENTICATION_FAILED\","
                            + " \"message\": \"One or both of Username and Password are invalid.\"}")));
    docusign.stubFor(
        get(ROOT)
            .withHeader("Authorization", equalTo("Bearer fresh"))
            .willReturn(okJson("{\"accountName\": \"Acme\"}")));
    CountingTokens tokens = new CountingTokens("expired", "fresh");

    DocuSignApiAccount account = client(tokens).getAccount();

    assertThat(account.accountId()).isEqualTo(ACCOUNT);
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(docusign.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void aSecond401CarriesDocuSignsErrorCode() {
    docusign.stubFor(
        get(ROOT)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errorCode\": \"USER_AUTHENTICATION_FAILED\", \"message\": \"invalid\"}")));
    CountingTokens tokens = new CountingTokens("a", "b", "c");

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, () -> client(tokens).getAccount());

    assertThat(e.oauthError()).isEqualTo("USER_AUTHENTICATION_FAILED");
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(docusign.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void aWrongAccountIsA403RejectionWithoutRefresh() { // SECURITY.md §retry-on-401
    docusign.stubFor(
        get(ROOT)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"errorCode\": \"USER_LACKS_MEMBERSHIP\","
                            + " \"message\": \"The UserID does not have a valid membership in this Account.\"}")));
    CountingTokens tokens = new CountingTokens("a", "b");

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, () -> client(tokens).getAccount());

    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.oauthError()).isEqualTo("USER_LACKS_MEMBERSHIP");
    assertThat(e.description()).contains("valid membership");
    assertThat(e.getMessage()).startsWith("DocuSign refused the request (USER_LACKS_MEMBERSHIP)");
    assertThat(tokens.refreshes()).isZero();
  }

  @Test
  void badRequestMapsDocuSignsErrorBody() {
    docusign.stubFor(
        get(urlPathEqualTo(ROOT + "/envelopes"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"errorCode\": \"INVALID_REQUEST_PARAMETER\","
                            + " \"message\": \"The request contained at least one invalid parameter.\"}")));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> client(BearerTokens.fixed(Secret.of("t"))).listEnvelopes(Instant.EPOCH));

    assertThat(e.oauthError()).isEqualTo("INVALID_REQUEST_PARAMETER");
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void rateLimitIsTransientWithRetryAfter() { // SECURITY.md §provider-faults
    docusign.stubFor(
        get(ROOT).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> client(BearerTokens.fixed(Secret.of("t"))).getAccount());

    assertThat(e.kind()).isEqualTo(TransientException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void anAccountAnswerWithoutANameIsMalformed() {
    docusign.stubFor(get(ROOT).willReturn(okJson("[]")));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class,
            () -> client(BearerTokens.fixed(Secret.of("t"))).getAccount());

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.MALFORMED);
  }

  @Test
  void genericGetStaysBelowTheAccountRoot() {
    docusign.stubFor(get(ROOT + "/users?count=1").willReturn(okJson("{\"users\": []}")));
    DocuSignApiClient client = client(BearerTokens.fixed(Secret.of("t")));

    assertThat(client.get("/users?count=1").has("users")).isTrue();
    assertThatThrownBy(() -> client.get("../other-account"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.get("https://evil.example/steal"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(docusign.getAllServeEvents().size()).isEqualTo(1);
  }

  @Test
  void refusesABaseUriWithoutHttps() { // docusign-esign-java-client #191
    for (String base : new String[] {"demo.docusign.net", "http://demo.docusign.net"}) {
      Account account = new Account(ACCOUNT, "Acme", base, true);
      assertThatThrownBy(
              () -> new DocuSignApiClient(transport, account, BearerTokens.fixed(Secret.of("t"))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("base_uri");
    }
  }

  @Test
  void refusesAnAccountIdThatIsNotAPlainIdentifier() {
    Account account = new Account("42/../43", "Acme", "https://demo.docusign.net", true);
    assertThatThrownBy(
            () -> new DocuSignApiClient(transport, account, BearerTokens.fixed(Secret.of("t"))))
        .isInstanceOf(ConfigurationException.class);
  }
}
