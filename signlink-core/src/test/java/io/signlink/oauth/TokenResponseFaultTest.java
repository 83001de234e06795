package io.signlink.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.EndlessBodyServer;
import io.signlink.testing.MutableClock;
import io.signlink.testing.SharedWireMock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the token endpoint may answer, and the one typed outcome for each (SECURITY.md §transport,
 * §token-requests, SECURITY.md §token-response, §provider-faults). Every failure is a {@link
 * SignLinkException} whose message holds no code, token, secret or body.
 */
class TokenResponseFaultTest {
  static final WireMockServer wm = SharedWireMock.get();
  static final String CODE = "code-Fq93hZ";
  static final String LEAKY_BODY_MARKER = "at-LEAK-9d8f";

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

  /** Patient enough for a loaded machine: only the timeout test below uses a short read timeout. */
  TokenClient client =
      new TokenClient(new JdkHttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(30)), clock);

  ProviderProfile profile;

  @BeforeEach
  void reset() {
    wm.resetAll();
    profile =
        TestProfiles.oauth("acme", wm.baseUrl())
            .defaultAccessTokenLifetime(Duration.ofMinutes(30))
            .build();
  }

  PendingAuthorization pending() {
    return new PendingAuthorization(
        Secret.of("st"),
        "acme",
        wm.baseUrl(),
        "owner",
        "https://app.example/cb",
        Secret.of("verifier-0123456789012345678901234567890123"),
        null,
        null,
        null,
        clock.instant(),
        clock.instant().plusSeconds(600));
  }

  void answer(ResponseDefinitionBuilder response) {
    wm.stubFor(post("/token").willReturn(response));
  }

  TokenSet exchange() {
    return client.exchangeCode(profile, Secret.of(CODE), pending());
  }

  /** Runs the exchange, expecting a typed failure with a clean message. */
  <T extends SignLinkException> T failure(Class<T> type) {
    Throwable t = catchThrowable(this::exchange);
    assertThat(t).isInstanceOf(type);
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage()))
          .doesNotContain(CODE, LEAKY_BODY_MARKER, TestProfiles.CLIENT_SECRET, "verifier-");
    }
    return type.cast(t);
  }

  void assertExactlyOneTokenRequest() { // SECURITY.md §token-requests: never re-sent
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  // ---- SECURITY.md §token-response token_type and required members ----

  @Test
  void acceptsBearerInAnyCase() {
    for (String type : new String[] {"bearer", "BEARER", "Bearer"}) {
      answer(okJson("{\"access_token\":\"a\",\"token_type\":\"" + type + "\",\"expires_in\":60}"));
      assertThat(exchange().tokenType()).as(type).isEqualTo("Bearer");
    }
  }

  @Test
  void rejectsATokenTypeItDoesNotUnderstand() {
    answer(okJson("{\"access_token\":\"" + LEAKY_BODY_MARKER + "\",\"token_type\":\"mac\"}"));

    assertThat(failure(InvalidResponseException.class).getMessage()).contains("'mac'");
  }

  @Test
  void rejectsAMissingTokenType() {
    answer(okJson("{\"access_token\":\"" + LEAKY_BODY_MARKER + "\"}"));

    assertThat(failure(InvalidResponseException.class).getMessage()).contains("no token_type");
  }

  @Test
  void rejectsAMissingOrNullAccessToken() {
    answer(okJson("{\"token_type\":\"Bearer\"}"));
    failure(InvalidResponseException.class);
    answer(okJson("{\"access_token\":null,\"token_type\":\"Bearer\"}"));
    failure(InvalidResponseException.class);
    answer(okJson("{\"access_token\":42,\"token_type\":\"Bearer\"}"));
    failure(InvalidResponseException.class);
  }

  @Test
  void rejectsNonJsonHtmlAndEmptyBodies() {
    answer(aResponse().withStatus(200).withBody("access_token=" + LEAKY_BODY_MARKER));
    assertThat(failure(InvalidResponseException.class).kind())
        .isEqualTo(InvalidResponseException.Kind.MALFORMED);
    answer(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>" + LEAKY_BODY_MARKER + "</body></html>"));
    failure(InvalidResponseException.class);
    answer(aResponse().withStatus(200));
    assertThat(failure(InvalidResponseException.class).getMessage()).contains("empty body");
    answer(okJson("{\"access_token\":\"" + LEAKY_BODY_MARKER + "\",")); // truncated JSON
    failure(InvalidResponseException.class);
  }

  // ---- SECURITY.md §token-response expires_in ----

  @Test
  void expiryIsLocalReceiptTimePlusExpiresIn() { // SECURITY.md §token-response
    // The access token is a JWT whose exp says otherwise; it is opaque to the client.
    answer(
        okJson(
            "{\"access_token\":\"eyJhbGciOiJub25lIn0.eyJleHAiOjF9.\","
                + "\"token_type\":\"Bearer\",\"expires_in\":120}"));

    TokenSet t = exchange();

    assertThat(t.receivedAt()).isEqualTo(clock.instant());
    assertThat(t.accessExpiresAt()).isEqualTo(clock.instant().plusSeconds(120));
  }

  @Test
  void missingExpiresInUsesTheProfileDefault() { // SECURITY.md §token-response
    answer(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));

    assertThat(exchange().accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
  }

  @Test
  void acceptsExpiresInAsADigitString() { // SECURITY.md §token-response, a known provider quirk
    answer(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":\"3600\"}"));

    assertThat(exchange().accessExpiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
  }

  @Test
  void rejectsZeroNegativeAndNonNumericExpiresIn() { // SECURITY.md §token-response
    for (String value : new String[] {"-5", "0", "\"soon\"", "true", "\"-5\""}) {
      answer(
          okJson(
              "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":" + value + "}"));
      assertThat(failure(InvalidResponseException.class).getMessage())
          .as(value)
          .contains("expires_in");
    }
  }

  @Test
  void clampsAnAbsurdExpiresIn() { // SECURITY.md §token-response
    answer(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":1e12}"));

    assertThat(exchange().accessExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(366)));
  }

  // ---- SECURITY.md §token-response members and scope ----

  @Test
  void ignoresUnknownMembersAndStoresTheGrantedScope() { // SECURITY.md §token-response
    answer(
        okJson(
            "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"scope\":\"offline_access\","
                + "\"refresh_token\":\"r\",\"id_token\":\"i\",\"x_custom\":{\"deep\":[1,2]}}"));

    TokenSet t = exchange();

    assertThat(t.scopes()).containsExactly("offline_access");
    assertThat(t.refreshToken().reveal()).isEqualTo("r");
    assertThat(t.idToken().reveal()).isEqualTo("i");
  }

  @Test
  void withoutAScopeMemberTheRequestedScopeIsStored() { // SECURITY.md §token-response
    answer(okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));

    assertThat(exchange().scopes()).containsExactlyInAnyOrderElementsOf(profile.scopes());
  }

  // ---- SECURITY.md §token-response OAuth errors ----

  @Test
  void invalidGrantSaysTheUserMustReconnect() {
    answer(
        aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"code reused\"}"));

    ProviderRejectedException e = failure(ProviderRejectedException.class);
    assertThat(e.isInvalidGrant()).isTrue();
    assertThat(e.getMessage()).contains("code reused").contains("the user must reconnect");
  }

  @Test
  void invalidClientPointsAtTheClientCredentials() { // SECURITY.md §cooldown
    answer(
        aResponse()
            .withStatus(401)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":\"invalid_client\"}"));

    ProviderRejectedException e = failure(ProviderRejectedException.class);
    assertThat(e.isClientProblem()).isTrue();
    assertThat(e.getMessage()).contains("check the client id/secret".substring(1));
  }

  @Test
  void anErrorInsideA200IsStillAnError() {
    answer(okJson("{\"error\":\"invalid_request\"}"));

    assertThat(failure(ProviderRejectedException.class).oauthError()).isEqualTo("invalid_request");
  }

  @Test
  void anHtmlErrorPageIsNotTakenForAnOAuthError() {
    answer(
        aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "text/html")
            .withBody("<html>" + LEAKY_BODY_MARKER + "</html>"));

    assertThat(failure(InvalidResponseException.class).kind())
        .isEqualTo(InvalidResponseException.Kind.UNEXPECTED_STATUS);
  }

  // ---- SECURITY.md §provider-faults 5xx and rate limits ----

  @Test
  void serverErrorsAreTransientAndNotRetried() { // SECURITY.md §provider-faults, §token-requests
    answer(aResponse().withStatus(500).withBody("<html>" + LEAKY_BODY_MARKER + "</html>"));

    TransientException e = failure(TransientException.class);
    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertExactlyOneTokenRequest();
  }

  @Test
  void rateLimitWithRetryAfterSeconds() { // SECURITY.md §provider-faults
    answer(aResponse().withStatus(429).withHeader("Retry-After", "2"));

    TransientException e = failure(TransientException.class);
    assertThat(e.kind()).isEqualTo(TransientException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void unavailableWithRetryAfterDate() { // SECURITY.md §provider-faults
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(90).atZone(ZoneOffset.UTC));
    answer(aResponse().withStatus(503).withHeader("Retry-After", date));

    TransientException e = failure(TransientException.class);
    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void garbageRetryAfterLeavesTheBackoffToTheCaller() {
    answer(aResponse().withStatus(429).withHeader("Retry-After", "garbage"));

    assertThat(failure(TransientException.class).retryAfter()).isEmpty();
  }

  // ---- SECURITY.md §provider-faults network faults ----

  @Test
  void aDelayBeyondTheReadTimeoutIsATimeoutWithUnknownOutcome() { // SECURITY.md §provider-faults,
    // §token-requests
    // 800 ms read timeout against an answer 20 s late: a timer that fires seconds late on a
    // loaded machine still fires long before the answer comes
    client =
        new TokenClient(
            new JdkHttpTransport(Duration.ofSeconds(10), Duration.ofMillis(800)), clock);
    answer(okJson("{}").withFixedDelay(20_000));

    TransientException e = failure(TransientException.class);
    assertThat(e.kind()).isEqualTo(TransientException.Kind.TIMEOUT);
    assertThat(e.outcomeUnknown()).isTrue();
    assertExactlyOneTokenRequest();
  }

  @Test
  void aConnectionResetIsTransientWithUnknownOutcome() { // SECURITY.md §provider-faults,
    // §lost-refresh
    answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    TransientException e = failure(TransientException.class);
    assertThat(e.outcomeUnknown()).isTrue();
    assertExactlyOneTokenRequest();
  }

  @Test
  void aRedirectIsNotFollowed() { // SECURITY.md §transport
    answer(aResponse().withStatus(302).withHeader("Location", wm.baseUrl() + "/stolen"));

    assertThat(failure(InvalidResponseException.class).kind())
        .isEqualTo(InvalidResponseException.Kind.UNEXPECTED_STATUS);
    wm.verify(0, getRequestedFor(urlEqualTo("/stolen")));
    assertExactlyOneTokenRequest();
  }

  @Test
  void aFiftyMegabyteBodyFailsFastWithBoundedMemory()
      throws Exception { // SECURITY.md §token-response
    try (EndlessBodyServer big = new EndlessBodyServer(50L * 1024 * 1024)) {
      profile = profile.toBuilder().tokenEndpoint(big.uri("/token")).build();
      long start = System.nanoTime();

      InvalidResponseException e = failure(InvalidResponseException.class);

      assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.OVERSIZED);
      // fast: it stops at the cap instead of reading 50 MiB (the byte count proves that; the
      // time bound is only against hanging, with room for a loaded machine)
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(big.bytesWritten()).isLessThan(16L * 1024 * 1024);
    }
  }

  @Test
  void aBodyJustOverTheCapIsRefused() { // SECURITY.md §token-response
    String padding = "x".repeat((int) TokenClient.MAX_RESPONSE_BYTES);
    answer(
        okJson("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"pad\":\"" + padding + "\"}"));

    assertThat(failure(InvalidResponseException.class).kind())
        .isEqualTo(InvalidResponseException.Kind.OVERSIZED);
  }

  @Test
  void anUnreachableEndpointIsTransientAndTheCodeWasNotSent()
      throws Exception { // SECURITY.md §token-requests
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    profile =
        profile.toBuilder()
            .tokenEndpoint(URI.create("http://127.0.0.1:" + port + "/token"))
            .build();

    TransientException e = failure(TransientException.class);
    assertThat(e.kind()).isEqualTo(TransientException.Kind.CONNECTION_FAILED);
    assertThat(e.outcomeUnknown()).isFalse();
  }
}
