package io.signlink.provider.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiCallerTest {
  private static final WireMockServer provider = new WireMockServer(options().dynamicPort());
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final JdkHttpTransport transport = new JdkHttpTransport();
  private final ApiCaller caller =
      new ApiCaller(
          transport, ApiCallSettings.defaults().withClock(clock), "Acme", ApiErrorReader.oauth());

  @BeforeAll
  static void start() {
    provider.start();
  }

  @AfterAll
  static void stop() {
    provider.stop();
  }

  @BeforeEach
  void reset() {
    provider.resetAll();
  }

  private URI uri(String path) {
    return URI.create(provider.baseUrl() + path);
  }

  @Test
  void sendsTheTokenOnlyInTheAuthorizationHeaderAndAsksForJson() {
    provider.stubFor(get("/things").willReturn(okJson("{\"n\": 1}")));

    JsonNode json = caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("tok-A")));

    assertThat(json.get("n").asInt()).isEqualTo(1);
    LoggedRequest request = provider.findAll(getRequestedFor(urlPathEqualTo("/things"))).get(0);
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer tok-A");
    assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    assertThat(request.getUrl()).doesNotContain("tok-A"); // SECURITY.md §api-responses
  }

  @Test
  void refreshesOnceOnA401AndRetriesWithTheNewToken() { // SECURITY.md §retry-on-401
    provider.stubFor(
        get("/things")
            .withHeader("Authorization", equalTo("Bearer old"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    provider.stubFor(
        get("/things")
            .withHeader("Authorization", equalTo("Bearer new"))
            .willReturn(okJson("{\"ok\": true}")));
    CountingTokens tokens = new CountingTokens("old", "new");

    JsonNode json = caller.getJson(uri("/things"), tokens);

    assertThat(json.get("ok").asBoolean()).isTrue();
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(tokens.rejected()).containsExactly(Secret.of("old"));
    assertThat(provider.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void aSecond401IsAnErrorNotALoop() { // SECURITY.md §retry-on-401
    provider.stubFor(get("/things").willReturn(aResponse().withStatus(401)));
    CountingTokens tokens = new CountingTokens("t1", "t2", "t3");

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class, () -> caller.getJson(uri("/things"), tokens));

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.oauthError()).isEqualTo("invalid_token");
    assertThat(e.getMessage()).contains("reconnect");
    assertThat(tokens.refreshes()).isEqualTo(1);
    assertThat(provider.getAllServeEvents().size()).isEqualTo(2);
  }

  @Test
  void a403NeverRefreshes() { // SECURITY.md §retry-on-401: insufficient_scope is not cured by a new
    // token
    provider.stubFor(
        get("/things")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", error_description=\"needs write\"")));
    CountingTokens tokens = new CountingTokens("t1", "t2");

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class, () -> caller.getJson(uri("/things"), tokens));

    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.oauthError()).isEqualTo("insufficient_scope");
    assertThat(e.description()).isEqualTo("needs write");
    assertThat(tokens.refreshes()).isZero();
    assertThat(provider.getAllServeEvents().size()).isEqualTo(1);
  }

  @Test
  void aFixedTokenReportsA401WithoutRetrying() {
    provider.stubFor(get("/things").willReturn(aResponse().withStatus(401)));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("pasted"))));

    assertThat(e.oauthError()).isEqualTo("invalid_token");
    assertThat(provider.getAllServeEvents().size()).isEqualTo(1);
  }

  @Test
  void serverErrorIsTransientWithRetryAfterSeconds() { // SECURITY.md §provider-faults
    provider.stubFor(
        get("/things").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(provider.getAllServeEvents().size()).isEqualTo(1);
  }

  @Test
  void plain500HasNoRetryAfter() {
    provider.stubFor(get("/things").willReturn(aResponse().withStatus(500).withBody("<html>")));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage()).doesNotContain("<html>");
  }

  @Test
  void rateLimitReadsRetryAfterAsAnHttpDate() { // SECURITY.md §provider-faults, RFC 9110 §10.2.3
    provider.stubFor(
        get("/things")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "Sun, 22 Nov 2026 10:01:30 GMT")));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void garbageRetryAfterIsIgnored() {
    provider.stubFor(
        get("/things").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "soon")));

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void malformedJsonIsAnInvalidResponseThatDoesNotQuoteTheBody() { // SECURITY.md §token-response
    provider.stubFor(get("/things").willReturn(okJson("{\"secretish\": \"abc\" ")));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.MALFORMED);
    assertThat(e.getMessage()).doesNotContain("secretish").doesNotContain("abc");
  }

  @Test
  void duplicateKeysAndTrailingDocumentsAreMalformed() { // SECURITY.md §token-response
    provider.stubFor(get("/dup").willReturn(okJson("{\"a\": 1, \"a\": 2}")));
    provider.stubFor(get("/two").willReturn(okJson("{\"a\": 1} {\"b\": 2}")));
    BearerTokens t = BearerTokens.fixed(Secret.of("t"));

    for (String path : List.of("/dup", "/two")) {
      InvalidResponseException e =
          catchThrowableOfType(InvalidResponseException.class, () -> caller.getJson(uri(path), t));
      assertThat(e.kind()).as(path).isEqualTo(InvalidResponseException.Kind.MALFORMED);
    }
  }

  @Test
  void deeplyNestedJsonIsRefused() { // SECURITY.md §token-response
    String nested = "[".repeat(500) + "]".repeat(500);
    provider.stubFor(get("/deep").willReturn(okJson(nested)));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class,
            () -> caller.getJson(uri("/deep"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.MALFORMED);
  }

  @Test
  void oversizedBodyIsRefusedAtTheCap() { // SECURITY.md §token-response
    ApiCaller small =
        new ApiCaller(
            transport,
            new ApiCallSettings(Duration.ofSeconds(5), 1024, clock),
            "Acme",
            ApiErrorReader.oauth());
    provider.stubFor(get("/big").willReturn(okJson("[\"" + "x".repeat(5000) + "\"]")));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class,
            () -> small.getJson(uri("/big"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.OVERSIZED);
  }

  @Test
  void aRedirectIsNotFollowedAndTheTokenGoesNowhereElse() { // SECURITY.md §transport
    provider.stubFor(
        get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
    provider.stubFor(get("/elsewhere").willReturn(okJson("{}")));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class,
            () -> caller.getJson(uri("/moved"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.UNEXPECTED_STATUS);
    assertThat(provider.findAll(getRequestedFor(urlPathEqualTo("/elsewhere")))).isEmpty();
  }

  @Test
  void providerTextIsSanitisedAndAnEchoedTokenIsRedacted() { // SECURITY.md §redaction,
    // §log-injection
    provider.stubFor(
        get("/things")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\": \"bad\\nthing\", "
                            + "\"error_description\": \"token tok-SECRET is bad\\r\\n\\u001b[31m\"}")));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> caller.getJson(uri("/things"), BearerTokens.fixed(Secret.of("tok-SECRET"))));

    assertThat(e.oauthError()).isEqualTo("bad_request"); // "bad\nthing" is no safe code
    assertThat(e.getMessage())
        .doesNotContain("tok-SECRET")
        .doesNotContain("\n")
        .doesNotContain("\u001b");
    assertThat(e.description()).contains("[redacted]");
  }

  @Test
  void notFoundIsARejectionNamedNotFound() {
    provider.stubFor(get("/nothing").willReturn(aResponse().withStatus(404)));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> caller.getJson(uri("/nothing"), BearerTokens.fixed(Secret.of("t"))));

    assertThat(e.oauthError()).isEqualTo("not_found");
    assertThat(e.httpStatus()).isEqualTo(404);
  }

  @Test
  void emptySuccessBodyIsAMissingNode() {
    provider.stubFor(get("/empty").willReturn(aResponse().withStatus(204)));

    JsonNode json = caller.getJson(uri("/empty"), BearerTokens.fixed(Secret.of("t")));

    assertThat(json.isMissingNode()).isTrue();
  }
}
