package io.signlink.emulator;

import static io.signlink.emulator.TestClient.form;
import static io.signlink.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token-endpoint rules: single-use codes, PKCE, exact redirect URI, client auth, rotation with
 * reuse detection.
 */
class TokenEndpointTest {

  private static final String SCOPE = "openid offline_access BoldSign.Documents.All";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private Emulator emu;
  private TestClient client;

  @BeforeEach
  void start() {
    emu =
        Emulator.start(
            TestClient.config()
                .autoApprove(true)
                .clock(clock)
                .boldSignAccessTokenTtl(Duration.ofSeconds(30))
                .build());
    client = new TestClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void rejectsReusedCodeAndRevokesTheTokensIssuedFromIt() { // SECURITY.md §token-requests, RFC 6749
    // §4.1.2
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    String code = client.boldSignCode(SCOPE, pkce);
    JsonNode first = json(client.boldSignExchange(code, pkce));
    assertThat(client.boldSignDocuments(first.get("access_token").asText()).statusCode())
        .isEqualTo(200);

    HttpResponse<String> second = client.boldSignExchange(code, pkce);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(second.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(second).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(client.boldSignDocuments(first.get("access_token").asText()).statusCode())
        .isEqualTo(401);
    assertThat(
            json(client.boldSignRefresh(first.get("refresh_token").asText())).get("error").asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void rejectsWrongOrMissingVerifier() { // SECURITY.md §pkce, RFC 7636 §4.6
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    HttpResponse<String> wrong =
        client.boldSignExchange(client.boldSignCode(SCOPE, pkce), TestClient.Pkce2.fresh());
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_grant");
    HttpResponse<String> missing =
        client.boldSignToken(
            form(
                "grant_type",
                "authorization_code",
                "code",
                client.boldSignCode(SCOPE, pkce),
                "redirect_uri",
                TestClient.REDIRECT,
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(json(missing).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void rejectsARedirectUriThatDiffersFromTheAuthorizationRequest() { // SECURITY.md §token-requests
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    HttpResponse<String> r =
        client.boldSignToken(
            form(
                "grant_type",
                "authorization_code",
                "code",
                client.boldSignCode(SCOPE, pkce),
                "redirect_uri",
                "http://127.0.0.1:9999/callback/boldsign",
                "code_verifier",
                pkce.verifier(),
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void rejectsAnExpiredCode() {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    String code = client.boldSignCode(SCOPE, pkce);
    clock.advance(Duration.ofSeconds(61));
    assertThat(json(client.boldSignExchange(code, pkce)).get("error").asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void wrongClientSecretIsInvalidClientWith401AndABasicChallenge() { // SECURITY.md §cooldown
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    String code = client.boldSignCode(SCOPE, pkce);
    HttpResponse<String> basic =
        client.postForm(
            emu.boldSignAccountBase() + "/connect/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                TestClient.REDIRECT,
                "code_verifier",
                pkce.verifier()),
            "Authorization",
            TestClient.basic(DemoClients.BOLDSIGN_CLIENT_ID, "wrong"));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json(basic).get("error").asText()).isEqualTo("invalid_client");
    assertThat(basic.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Basic realm=");
    HttpResponse<String> post =
        client.boldSignToken(
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                TestClient.REDIRECT,
                "code_verifier",
                pkce.verifier(),
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                "wrong"));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(json(client.boldSignExchange(code, pkce)).has("access_token"))
        .as("failed client authentication does not burn the code")
        .isTrue();
  }

  @Test
  void reusedRefreshTokenRevokesTheWholeGrant() { // SECURITY.md §single-refresh, RFC 9700 §4.14.2
    JsonNode tokens = client.boldSignTokens();
    String oldRefresh = tokens.get("refresh_token").asText();
    JsonNode rotated = json(client.boldSignRefresh(oldRefresh));
    String current = rotated.get("access_token").asText();
    assertThat(client.boldSignDocuments(current).statusCode()).isEqualTo(200);

    HttpResponse<String> reuse = client.boldSignRefresh(oldRefresh);
    assertThat(reuse.statusCode()).isEqualTo(400);
    assertThat(json(reuse).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(client.boldSignDocuments(current).statusCode()).as("family revoked").isEqualTo(401);
    assertThat(
            json(client.boldSignRefresh(rotated.get("refresh_token").asText()))
                .get("error")
                .asText())
        .isEqualTo("invalid_grant");
    assertThat(emu.stats().tokenErrors(Provider.BOLDSIGN, "invalid_grant")).isEqualTo(2);
  }

  @Test
  void withAReuseGraceARotatedRefreshTokenWorksOnceMoreWithinItAndRevokesAfter() {
    emu.close();
    emu =
        Emulator.start(
            TestClient.config()
                .autoApprove(true)
                .clock(clock)
                .refreshTokenReuseGrace(Duration.ofSeconds(10))
                .build());
    client = new TestClient(emu);
    String oldRefresh = client.boldSignTokens().get("refresh_token").asText();
    JsonNode rotated = json(client.boldSignRefresh(oldRefresh));
    clock.advance(Duration.ofSeconds(5));
    JsonNode again = json(client.boldSignRefresh(oldRefresh));
    assertThat(again.has("access_token")).as("reuse within the grace").isTrue();
    assertThat(client.boldSignDocuments(rotated.get("access_token").asText()).statusCode())
        .as("the first answer's tokens still work")
        .isEqualTo(200);
    assertThat(client.boldSignDocuments(again.get("access_token").asText()).statusCode())
        .isEqualTo(200);
    clock.advance(Duration.ofSeconds(6));
    HttpResponse<String> late = client.boldSignRefresh(oldRefresh);
    assertThat(json(late).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(client.boldSignDocuments(again.get("access_token").asText()).statusCode())
        .as("reuse after the grace revokes the grant")
        .isEqualTo(401);
  }

  @Test
  void refreshWorksAfterTheAccessTokenExpiredAndMayNarrowButNotWidenScope() {
    JsonNode tokens = client.boldSignTokens();
    clock.advance(Duration.ofSeconds(31));
    assertThat(client.boldSignDocuments(tokens.get("access_token").asText()).statusCode())
        .isEqualTo(401);
    HttpResponse<String> widen =
        client.boldSignToken(
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.get("refresh_token").asText(),
                "scope",
                "openid BoldSign.Templates.All",
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(json(widen).get("error").asText()).isEqualTo("invalid_scope");
    HttpResponse<String> narrow =
        client.boldSignToken(
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.get("refresh_token").asText(),
                "scope",
                "BoldSign.Documents.All",
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(narrow.statusCode()).isEqualTo(200);
    assertThat(json(narrow).get("scope").asText()).isEqualTo("BoldSign.Documents.All");
    assertThat(json(narrow).get("expires_in").asLong()).isEqualTo(30);
  }

  @Test
  void refreshTokenOfAnotherClientIsRejected() {
    JsonNode tokens = client.boldSignTokens();
    HttpResponse<String> r =
        client.boldSignToken(
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.get("refresh_token").asText(),
                "client_id",
                DemoClients.BOLDSIGN_PUBLIC_CLIENT_ID));
    assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(client.boldSignRefresh(tokens.get("refresh_token").asText()).statusCode())
        .as("a foreign client's attempt is not reuse")
        .isEqualTo(200);
  }

  @Test
  void malformedTokenRequestsGetRfcErrors() {
    assertThat(
            json(client.boldSignToken(
                    form(
                        "grant_type",
                        "password",
                        "client_id",
                        DemoClients.BOLDSIGN_CLIENT_ID,
                        "client_secret",
                        DemoClients.BOLDSIGN_CLIENT_SECRET)))
                .get("error")
                .asText())
        .isEqualTo("unsupported_grant_type");
    HttpResponse<String> repeated =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(emu.boldSignAccountBase() + "/connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                    "Authorization",
                    TestClient.basic(
                        DemoClients.BOLDSIGN_CLIENT_ID, DemoClients.BOLDSIGN_CLIENT_SECRET))
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "grant_type=refresh_token&refresh_token=a&refresh_token=b"))
                .build());
    assertThat(json(repeated).get("error").asText())
        .as("RFC 6749 §3.2: no repeated parameters")
        .isEqualTo("invalid_request");
    HttpResponse<String> json =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(emu.boldSignAccountBase() + "/connect/token"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"refresh_token\"}"))
                .build());
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json(json).get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void injectedFaultsAreCountedAndLeaveTheGrantUntouched() { // SECURITY.md §provider-faults
    JsonNode tokens = client.boldSignTokens();
    emu.faults().failNextTokenRequests(2, 503, Duration.ofSeconds(2));
    HttpResponse<String> first = client.boldSignRefresh(tokens.get("refresh_token").asText());
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(client.boldSignRefresh(tokens.get("refresh_token").asText()).statusCode())
        .isEqualTo(503);
    assertThat(client.boldSignRefresh(tokens.get("refresh_token").asText()).statusCode())
        .isEqualTo(200);
    assertThat(emu.stats().tokenRequests("refresh_token")).isEqualTo(3);
    assertThat(emu.stats().count("boldsign.token.fault.503")).isEqualTo(2);
  }

  @Test
  void lostTokenResponseStillRotatesTheRefreshToken() { // SECURITY.md §lost-refresh: the ambiguous
    // outcome
    JsonNode tokens = client.boldSignTokens();
    emu.faults().loseNextTokenResponses(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client.boldSignRefresh(tokens.get("refresh_token").asText()))
        .isInstanceOf(java.io.UncheckedIOException.class);
    assertThat(
            json(client.boldSignRefresh(tokens.get("refresh_token").asText()))
                .get("error")
                .asText())
        .as("the retry presents a rotated token")
        .isEqualTo("invalid_grant");
  }
}
