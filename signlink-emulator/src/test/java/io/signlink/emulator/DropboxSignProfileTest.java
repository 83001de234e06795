package io.signlink.emulator;

import static io.signlink.emulator.ProfileClient.callback;
import static io.signlink.emulator.ProfileClient.form;
import static io.signlink.emulator.ProfileClient.json;
import static io.signlink.emulator.ProfileClient.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dropbox Sign as its OpenAPI spec and SDKs describe it: scopes and callback URL from the app's
 * settings, the token call on the app host with {@code state} required, refresh at {@code
 * /oauth/token?refresh} answering the same refresh token, no revocation, {@code /v3/account}, and
 * {@code {"error": {error_msg, error_name}}} API errors.
 */
class DropboxSignProfileTest {

  private static final String ID = "dropboxsign-demo-client";
  private static final String SECRET = "dropboxsign-demo-secret";
  private static final String CALLBACK = "http://127.0.0.1:9999/callback/dropboxsign";

  private Emulator emu;
  private ProfileClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).redirectUri(CALLBACK).build());
    client = new ProfileClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void authorizeNeedsNoScopeOrRedirectUriAndReturnsToTheAppsCallback() {
    Map<String, String> cb = authorize("st-1");
    assertThat(cb)
        .containsEntry("_uri", CALLBACK)
        .containsEntry("state", "st-1")
        .containsKey("code");
  }

  @Test
  void theCodeExchangeRequiresTheStateOfTheAuthorizationRequest() {
    String code = authorize("st-2").get("code");
    HttpResponse<String> without = client.post(token(), exchange(code, null));
    assertThat(without.statusCode()).isEqualTo(400);
    assertThat(json(without).get("error").asText()).isEqualTo("invalid_request");

    String code2 = authorize("st-3").get("code");
    HttpResponse<String> wrong = client.post(token(), exchange(code2, "st-other"));
    assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_grant");

    String code3 = authorize("st-4").get("code");
    HttpResponse<String> right = client.post(token(), exchange(code3, "st-4"));
    assertThat(right.statusCode()).isEqualTo(200);
    JsonNode tokens = json(right);
    assertThat(tokens.get("scope").asText()).isEqualTo("basic_account_info request_signature");
    assertThat(tokens.has("refresh_token")).isTrue();
  }

  @Test
  void refreshIsAQueryFlagOnTheTokenPathAndAnswersTheSameRefreshToken() {
    JsonNode tokens = tokens("st-5");
    String refresh = tokens.get("refresh_token").asText();
    Map<String, String> form =
        form(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "client_id",
            ID,
            "client_secret",
            SECRET);

    assertThat(json(client.post(token(), form)).get("error").asText())
        .isEqualTo("unsupported_grant_type");
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refreshed = client.post(token() + "?refresh", form);
      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(json(refreshed).get("refresh_token").asText()).isEqualTo(refresh);
      assertThat(json(refreshed).get("access_token").asText())
          .isNotEqualTo(tokens.get("access_token").asText());
    }
  }

  @Test
  void thereIsNoRevocationEndpoint() {
    HttpResponse<String> revoke =
        client.post(client.at("/dropboxsign/oauth/revoke"), form("token", "anything"));
    assertThat(revoke.statusCode()).isEqualTo(404);
  }

  @Test
  void theAccountAndSignatureRequestsAreOnTheApiHost() {
    String access = tokens("st-6").get("access_token").asText();
    JsonNode account =
        json(
            client.get(
                client.at("/dropboxsign-api/v3/account"), "Authorization", "Bearer " + access));
    assertThat(account.at("/account/email_address").asText()).isEqualTo("maya.okafor@example.com");
    assertThat(account.at("/account/quotas/api_signature_requests_left").isNull()).isTrue();
    JsonNode list =
        json(
            client.get(
                client.at("/dropboxsign-api/v3/signature_request/list"),
                "Authorization",
                "Bearer " + access));
    assertThat(list.get("signature_requests")).hasSize(2);

    HttpResponse<String> unauthorized =
        client.get(client.at("/dropboxsign-api/v3/account"), "Authorization", "Bearer nope");
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(json(unauthorized).at("/error/error_name").asText()).isEqualTo("unauthorized");
    assertThat(json(unauthorized).at("/error/error_msg").asText()).isNotBlank();
  }

  private Map<String, String> authorize(String state) {
    HttpResponse<String> response =
        client.get(
            url(
                client.at("/dropboxsign/oauth/authorize"),
                form("response_type", "code", "client_id", ID, "state", state)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return callback(response);
  }

  private JsonNode tokens(String state) {
    HttpResponse<String> response =
        client.post(token(), exchange(authorize(state).get("code"), state));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private String token() {
    return client.at("/dropboxsign/oauth/token");
  }

  private static Map<String, String> exchange(String code, String state) {
    return form(
        "grant_type",
        "authorization_code",
        "code",
        code,
        "state",
        state,
        "client_id",
        ID,
        "client_secret",
        SECRET);
  }
}
