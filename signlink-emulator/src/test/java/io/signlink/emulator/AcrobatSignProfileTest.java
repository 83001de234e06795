package io.signlink.emulator;

import static io.signlink.emulator.ProfileClient.callback;
import static io.signlink.emulator.ProfileClient.form;
import static io.signlink.emulator.ProfileClient.json;
import static io.signlink.emulator.ProfileClient.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acrobat Sign as its developer guide describes it: the shard-less authorize host, {@code
 * api_access_point} on the redirect and in the token answer, token, refresh and revoke on that
 * access point, a refresh that keeps the refresh token, 60 idle days, upper-case redirect errors,
 * {@code {code, message}} API errors.
 */
class AcrobatSignProfileTest {

  private static final String ID = "acrobatsign-demo-client";
  private static final String SECRET = "acrobatsign-demo-secret";
  private static final String REDIRECT = "http://127.0.0.1:9999/callback/acrobatsign";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private Emulator emu;
  private ProfileClient client;
  private Provider acrobat;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).clock(clock).build());
    client = new ProfileClient(emu);
    acrobat = emu.provider("acrobatsign");
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void theRedirectAndTheTokenAnswerNameTheUsersShardWhereTokensAreIssued() {
    Map<String, String> cb = authorize("user_login:self agreement_read:account", "st-1");
    String accessPoint = emu.baseUri() + "/acrobatsign-api/na1/";
    assertThat(cb)
        .containsEntry("state", "st-1")
        .containsEntry("api_access_point", accessPoint)
        .containsEntry("web_access_point", emu.baseUri() + "/acrobatsign-web/na1/");

    HttpResponse<String> token = exchange(accessPoint, cb.get("code"));
    assertThat(token.statusCode()).isEqualTo(200);
    JsonNode tokens = json(token);
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.get("api_access_point").asText()).isEqualTo(accessPoint);
    assertThat(tokens.has("refresh_token")).isTrue();
    assertThat(emu.accountBase(acrobat).toString()).isEqualTo(emu.baseUri() + "/acrobatsign");
  }

  @Test
  void aCodeAndItsTokensWorkOnlyOnTheirOwnShard() {
    emu.signInAs(acrobat, "luca.bianchi@example.eu");
    Map<String, String> cb = authorize("user_login agreement_read", "st-2");
    assertThat(cb.get("api_access_point")).endsWith("/acrobatsign-api/eu1/");

    HttpResponse<String> elsewhere =
        exchange(emu.baseUri() + "/acrobatsign-api/na1/", cb.get("code"));
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(json(elsewhere).get("error").asText()).isEqualTo("invalid_grant");

    Map<String, String> again = authorize("user_login agreement_read", "st-3");
    String access =
        json(exchange(again.get("api_access_point"), again.get("code")))
            .get("access_token")
            .asText();
    HttpResponse<String> wrongShard =
        client.get(
            client.at("/acrobatsign-api/na1/api/rest/v6/users/me"),
            "Authorization",
            "Bearer " + access);
    assertThat(wrongShard.statusCode()).isEqualTo(400);
    assertThat(json(wrongShard).get("code").asText()).isEqualTo("INVALID_API_ACCESS_POINT");
    JsonNode me =
        json(
            client.get(
                again.get("api_access_point") + "api/rest/v6/users/me",
                "Authorization",
                "Bearer " + access));
    assertThat(me.get("email").asText()).isEqualTo("luca.bianchi@example.eu");
  }

  @Test
  void refreshIsItsOwnEndpointAndKeepsTheRefreshToken() {
    String accessPoint = emu.baseUri() + "/acrobatsign-api/na1/";
    JsonNode tokens = json(exchange(accessPoint, authorize("agreement_read", "st-4").get("code")));
    String refresh = tokens.get("refresh_token").asText();

    HttpResponse<String> atTokenEndpoint =
        client.post(accessPoint + "oauth/v2/token", refreshForm(refresh));
    assertThat(json(atTokenEndpoint).get("error").asText()).isEqualTo("unsupported_grant_type");

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refreshed =
          client.post(accessPoint + "oauth/v2/refresh", refreshForm(refresh));
      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(json(refreshed).has("refresh_token")).as("no new refresh token").isFalse();
      assertThat(json(refreshed).get("access_token").asText()).isNotBlank();
    }
  }

  @Test
  void aRefreshTokenExpiresAfterSixtyIdleDaysAndEachUseRestartsThem() {
    String accessPoint = emu.baseUri() + "/acrobatsign-api/na1/";
    String refresh =
        json(exchange(accessPoint, authorize("agreement_read", "st-5").get("code")))
            .get("refresh_token")
            .asText();

    clock.advance(Duration.ofDays(59));
    assertThat(client.post(accessPoint + "oauth/v2/refresh", refreshForm(refresh)).statusCode())
        .isEqualTo(200);
    clock.advance(Duration.ofDays(59));
    assertThat(client.post(accessPoint + "oauth/v2/refresh", refreshForm(refresh)).statusCode())
        .isEqualTo(200);
    clock.advance(Duration.ofDays(61));
    HttpResponse<String> idle = client.post(accessPoint + "oauth/v2/refresh", refreshForm(refresh));
    assertThat(idle.statusCode()).isEqualTo(400);
    assertThat(json(idle).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void revokingOneTokenRevokesTheLinkedOnesAndAnUnknownTokenIsAnError() {
    String accessPoint = emu.baseUri() + "/acrobatsign-api/na1/";
    JsonNode tokens = json(exchange(accessPoint, authorize("agreement_read", "st-6").get("code")));
    String access = tokens.get("access_token").asText();

    HttpResponse<String> revoked =
        client.post(
            accessPoint + "oauth/v2/revoke", form("token", tokens.get("refresh_token").asText()));
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(revoked.body()).isEmpty();

    HttpResponse<String> api =
        client.get(accessPoint + "api/rest/v6/agreements", "Authorization", "Bearer " + access);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(json(api).get("code").asText()).isEqualTo("INVALID_ACCESS_TOKEN");
    assertThat(json(api).get("message").asText()).isNotBlank();

    HttpResponse<String> again =
        client.post(accessPoint + "oauth/v2/revoke", form("token", access));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(json(again).get("code").asText()).isEqualTo("INVALID_TOKEN");
  }

  @Test
  void errorsOnTheRedirectAreUpperCase() {
    HttpResponse<String> response =
        client.get(
            url(
                client.at("/acrobatsign/public/oauth/v2"),
                form(
                    "response_type",
                    "code",
                    "client_id",
                    ID,
                    "redirect_uri",
                    REDIRECT,
                    "scope",
                    "agreement_shred:self",
                    "state",
                    "st-7")));
    assertThat(callback(response))
        .containsEntry("error", "INVALID_SCOPE")
        .containsEntry("state", "st-7");
  }

  @Test
  void theClientAuthenticatesInTheFormBodyNotWithBasic() {
    String accessPoint = emu.baseUri() + "/acrobatsign-api/na1/";
    String code = authorize("agreement_read", "st-8").get("code");
    HttpResponse<String> basic =
        client.post(
            accessPoint + "oauth/v2/token",
            form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
            "Authorization",
            ProfileClient.basic(ID, SECRET));
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(json(basic).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void agreementsAreListedForTheTokensUser() {
    Map<String, String> cb = authorize("agreement_read", "st-9");
    String access =
        json(exchange(cb.get("api_access_point"), cb.get("code"))).get("access_token").asText();
    JsonNode list =
        json(
            client.get(
                cb.get("api_access_point") + "api/rest/v6/agreements",
                "Authorization",
                "Bearer " + access));
    assertThat(list.get("userAgreementList")).hasSize(2);
    assertThat(list.at("/userAgreementList/0/status").asText()).isEqualTo("OUT_FOR_SIGNATURE");
    JsonNode baseUris =
        json(
            client.get(
                cb.get("api_access_point") + "api/rest/v6/baseUris",
                "Authorization",
                "Bearer " + access));
    assertThat(baseUris.get("apiAccessPoint").asText()).isEqualTo(cb.get("api_access_point"));
  }

  private Map<String, String> authorize(String scope, String state) {
    HttpResponse<String> response =
        client.get(
            url(
                client.at("/acrobatsign/public/oauth/v2"),
                form(
                    "response_type",
                    "code",
                    "client_id",
                    ID,
                    "redirect_uri",
                    REDIRECT,
                    "scope",
                    scope,
                    "state",
                    state)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return callback(response);
  }

  private HttpResponse<String> exchange(String accessPoint, String code) {
    return client.post(
        accessPoint + "oauth/v2/token",
        form(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "client_id",
            ID,
            "client_secret",
            SECRET,
            "redirect_uri",
            REDIRECT));
  }

  private static Map<String, String> refreshForm(String refresh) {
    return form(
        "grant_type",
        "refresh_token",
        "refresh_token",
        refresh,
        "client_id",
        ID,
        "client_secret",
        SECRET);
  }
}
