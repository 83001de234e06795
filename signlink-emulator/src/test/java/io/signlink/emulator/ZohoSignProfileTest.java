package io.signlink.emulator;

import static io.signlink.emulator.ProfileClient.CHALLENGE;
import static io.signlink.emulator.ProfileClient.VERIFIER;
import static io.signlink.emulator.ProfileClient.callback;
import static io.signlink.emulator.ProfileClient.form;
import static io.signlink.emulator.ProfileClient.json;
import static io.signlink.emulator.ProfileClient.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Zoho Sign and Zoho Accounts as their documentation describes them: one authorize host and one
 * accounts server per data centre named on the callback ({@code location}, {@code
 * accounts-server}), comma-separated scopes, PKCE, refresh tokens only with {@code
 * access_type=offline} (again only with {@code prompt=consent}), a refresh that keeps the refresh
 * token, at most 20 live refresh tokens per user and client, OAuth errors with HTTP 200, {@code
 * Authorization: Zoho-oauthtoken}, and revocation with the token in the query string.
 */
class ZohoSignProfileTest {

  private static final String ID = "1000.ZOHODEMOCLIENT0000000000000";
  private static final String SECRET = "zohosign-demo-secret";
  private static final String PUBLIC_ID = "1000.ZOHODEMOPUBLIC0000000000000";
  private static final String REDIRECT = "http://127.0.0.1:9999/callback/zohosign";
  private static final String SCOPES = "ZohoSign.documents.ALL,ZohoSign.account.ALL";

  private Emulator emu;
  private ProfileClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).build());
    client = new ProfileClient(emu);
    emu.signInAs(emu.provider("zohosign"), "lena.schulz@example.eu");
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void theCallbackNamesTheUsersDataCentreWhoseAccountsServerIssuesTheTokens() {
    Map<String, String> cb = authorize(ID, "offline", "consent", true);
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    assertThat(cb).containsEntry("location", "eu").containsEntry("accounts-server", accounts);

    JsonNode tokens = json(exchange(accounts, cb.get("code")));
    assertThat(tokens.get("scope").asText()).isEqualTo(SCOPES);
    assertThat(tokens.get("api_domain").asText()).isEqualTo(emu.baseUri() + "/zohoapis/eu");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.has("refresh_token")).isTrue();

    HttpResponse<String> otherDc =
        exchange(
            emu.baseUri() + "/zoho-accounts/us",
            authorize(ID, "offline", "consent", true).get("code"));
    assertThat(otherDc.statusCode()).isEqualTo(200);
    assertThat(json(otherDc).get("error").asText()).isEqualTo("invalid_code");
  }

  @Test
  void aRefreshTokenComesOnlyWithOfflineAccessAndOnARepeatedConsentOnlyWithPromptConsent() {
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    assertThat(
            json(exchange(accounts, authorize(ID, "offline", null, true).get("code")))
                .has("refresh_token"))
        .as("the first consent with access_type=offline")
        .isTrue();
    assertThat(
            json(exchange(accounts, authorize(ID, null, null, true).get("code")))
                .has("refresh_token"))
        .as("without access_type=offline")
        .isFalse();
    assertThat(
            json(exchange(accounts, authorize(ID, "offline", null, true).get("code")))
                .has("refresh_token"))
        .as("a repeated consent without prompt=consent")
        .isFalse();
    assertThat(
            json(exchange(accounts, authorize(ID, "offline", "consent", true).get("code")))
                .has("refresh_token"))
        .as("prompt=consent")
        .isTrue();
  }

  @Test
  void aRefreshKeepsTheRefreshTokenAndAcceptsParametersInTheQueryString() {
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    String refresh = refreshToken(accounts);
    String query =
        url(
            accounts + "/oauth/v2/token",
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                refresh,
                "client_id",
                ID,
                "client_secret",
                SECRET));
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> refreshed = client.post(query, Map.of());
      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(json(refreshed).has("refresh_token")).isFalse();
      assertThat(json(refreshed).get("access_token").asText()).isNotBlank();
    }
  }

  @Test
  void oauthErrorsAreAnsweredWithHttp200() {
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    HttpResponse<String> badCode = exchange(accounts, "not-a-code");
    assertThat(badCode.statusCode()).isEqualTo(200);
    assertThat(json(badCode).get("error").asText()).isEqualTo("invalid_code");

    HttpResponse<String> badClient =
        client.post(
            accounts + "/oauth/v2/token",
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                "x",
                "client_id",
                ID,
                "client_secret",
                "wrong"));
    assertThat(badClient.statusCode()).isEqualTo(200);
    assertThat(json(badClient).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void theTwentyFirstRefreshTokenDropsTheOldest() {
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      tokens.add(refreshToken(accounts));
    }
    HttpResponse<String> oldest = refresh(accounts, tokens.get(0));
    assertThat(oldest.statusCode()).isEqualTo(200);
    assertThat(json(oldest).get("error").asText()).isEqualTo("invalid_code");
    assertThat(json(refresh(accounts, tokens.get(1))).has("access_token")).isTrue();
    assertThat(json(refresh(accounts, tokens.get(20))).has("access_token")).isTrue();
  }

  @Test
  void publicClientsMustUsePkceAndConfidentialOnesMay() {
    HttpResponse<String> noPkce =
        client.authorize(authorizeUrl(PUBLIC_ID, "offline", null, false), null);
    assertThat(callback(noPkce)).containsEntry("error", "invalid_request");

    Map<String, String> withPkce = authorize(PUBLIC_ID, "offline", "consent", true);
    HttpResponse<String> token =
        client.post(
            withPkce.get("accounts-server") + "/oauth/v2/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                withPkce.get("code"),
                "client_id",
                PUBLIC_ID,
                "redirect_uri",
                REDIRECT,
                "code_verifier",
                VERIFIER));
    assertThat(json(token).has("access_token")).as(token.body()).isTrue();

    Map<String, String> confidential = authorize(ID, "offline", "consent", false);
    HttpResponse<String> exchanged =
        client.post(
            confidential.get("accounts-server") + "/oauth/v2/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                confidential.get("code"),
                "client_id",
                ID,
                "client_secret",
                SECRET,
                "redirect_uri",
                REDIRECT));
    assertThat(json(exchanged).has("access_token")).as(exchanged.body()).isTrue();
  }

  @Test
  void theSignApiTakesZohoOauthtokenOnTheDataCentresSignHost() {
    String access =
        json(exchange(
                emu.baseUri() + "/zoho-accounts/eu",
                authorize(ID, "offline", "consent", true).get("code")))
            .get("access_token")
            .asText();
    String requests = client.at("/zohosign/eu/api/v1/requests");
    JsonNode list = json(client.get(requests, "Authorization", "Zoho-oauthtoken " + access));
    assertThat(list.get("code").asInt()).isZero();
    assertThat(list.get("requests")).hasSize(2);
    assertThat(list.at("/requests/0/owner_email").asText()).isEqualTo("lena.schulz@example.eu");

    HttpResponse<String> bearer = client.get(requests, "Authorization", "Bearer " + access);
    assertThat(bearer.statusCode()).isEqualTo(401);
    assertThat(json(bearer).get("status").asText()).isEqualTo("failure");
    assertThat(json(bearer).has("code")).isTrue();
    HttpResponse<String> otherDc =
        client.get(
            client.at("/zohosign/us/api/v1/requests"),
            "Authorization",
            "Zoho-oauthtoken " + access);
    assertThat(otherDc.statusCode()).isEqualTo(401);
  }

  @Test
  void revokeTakesTheRefreshTokenInTheQueryAndItsAccessTokensGoWithIt() {
    String accounts = emu.baseUri() + "/zoho-accounts/eu";
    JsonNode tokens =
        json(exchange(accounts, authorize(ID, "offline", "consent", true).get("code")));
    String refresh = tokens.get("refresh_token").asText();

    HttpResponse<String> revoked =
        client.post(url(accounts + "/oauth/v2/token/revoke", form("token", refresh)), Map.of());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).get("status").asText()).isEqualTo("success");
    HttpResponse<String> api =
        client.get(
            client.at("/zohosign/eu/api/v1/requests"),
            "Authorization",
            "Zoho-oauthtoken " + tokens.get("access_token").asText());
    assertThat(api.statusCode()).isEqualTo(401);

    HttpResponse<String> again =
        client.post(url(accounts + "/oauth/v2/token/revoke", form("token", refresh)), Map.of());
    assertThat(again.statusCode()).isEqualTo(400);
  }

  private String authorizeUrl(String clientId, String accessType, String prompt, boolean pkce) {
    return url(
        client.at("/zoho-accounts/oauth/v2/auth"),
        form(
            "response_type",
            "code",
            "client_id",
            clientId,
            "redirect_uri",
            REDIRECT,
            "scope",
            SCOPES,
            "state",
            "s",
            "access_type",
            accessType,
            "prompt",
            prompt,
            "code_challenge",
            pkce ? CHALLENGE : null,
            "code_challenge_method",
            pkce ? "S256" : null));
  }

  private Map<String, String> authorize(
      String clientId, String accessType, String prompt, boolean pkce) {
    HttpResponse<String> response =
        client.authorize(authorizeUrl(clientId, accessType, prompt, pkce), null);
    Map<String, String> cb = callback(response);
    assertThat(cb).as(response.body()).containsKey("code");
    return cb;
  }

  private HttpResponse<String> exchange(String accounts, String code) {
    return client.post(
        accounts + "/oauth/v2/token",
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
            REDIRECT,
            "code_verifier",
            VERIFIER));
  }

  private String refreshToken(String accounts) {
    JsonNode tokens =
        json(exchange(accounts, authorize(ID, "offline", "consent", true).get("code")));
    return tokens.get("refresh_token").asText();
  }

  private HttpResponse<String> refresh(String accounts, String refresh) {
    return client.post(
        accounts + "/oauth/v2/token",
        form(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refresh,
            "client_id",
            ID,
            "client_secret",
            SECRET));
  }
}
