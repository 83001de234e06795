package io.signlink.emulator;

import static io.signlink.emulator.ProfileClient.basic;
import static io.signlink.emulator.ProfileClient.callback;
import static io.signlink.emulator.ProfileClient.form;
import static io.signlink.emulator.ProfileClient.json;
import static io.signlink.emulator.ProfileClient.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SignNow as its SDKs and reference describe it: HTTP Basic client authentication only, the scope
 * ({@code *}) on the token call, {@code expires_in} as a string, rotating refresh tokens, no
 * revocation, {@code /user}, and separate production and evaluation stacks that share no keys.
 */
class SignNowProfileTest {

  private static final String ID = "signnow-demo-client";
  private static final String SECRET = "signnow-demo-secret";
  private static final String REDIRECT = "http://127.0.0.1:9999/callback/signnow";

  private Emulator emu;
  private ProfileClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).build());
    client = new ProfileClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void theTokenCallTakesTheScopeAndAnswersExpiresInAsAString() {
    long before = java.time.Instant.now().getEpochSecond();
    HttpResponse<String> response = exchange("prod", ID, SECRET, code("prod", ID), "*");
    long after = java.time.Instant.now().getEpochSecond();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode tokens = json(response);
    assertThat(tokens.get("expires_in").isTextual()).isTrue();
    // the code exchange answers the absolute expiry time, 30 days on, as SignNow documents
    assertThat(Long.parseLong(tokens.get("expires_in").asText()))
        .isBetween(before + 2592000, after + 2592000);
    assertThat(tokens.get("token_type").asText()).isEqualTo("bearer");
    assertThat(tokens.get("scope").asText()).isEqualTo("*");

    JsonNode refreshed = json(refresh(tokens.get("refresh_token").asText()));
    assertThat(refreshed.get("expires_in").asText())
        .as("a refresh answers the lifetime in seconds")
        .isEqualTo("2592000");
  }

  @Test
  void onlyHttpBasicAuthenticatesTheClient() {
    HttpResponse<String> post =
        client.post(
            client.at("/signnow-api/prod/oauth2/token"),
            form(
                "grant_type",
                "authorization_code",
                "code",
                code("prod", ID),
                "redirect_uri",
                REDIRECT,
                "client_id",
                ID,
                "client_secret",
                SECRET));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(json(post).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void refreshTokensRotateAndAReusedOneRevokesTheGrant() {
    JsonNode tokens = json(exchange("prod", ID, SECRET, code("prod", ID), null));
    String first = tokens.get("refresh_token").asText();
    HttpResponse<String> refreshed = refresh(first);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String second = json(refreshed).get("refresh_token").asText();
    assertThat(second).isNotEqualTo(first);

    assertThat(json(refresh(first)).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(json(refresh(second)).get("error").asText())
        .as("the reuse revoked the whole grant")
        .isEqualTo("invalid_grant");
  }

  @Test
  void productionAndEvaluationShareNoKeysOrTokens() {
    HttpResponse<String> prodKeyOnEval =
        client.get(
            url(
                client.at("/signnow-app/eval/authorize"),
                form("response_type", "code", "client_id", ID, "redirect_uri", REDIRECT)));
    assertThat(prodKeyOnEval.statusCode()).isEqualTo(400);
    assertThat(prodKeyOnEval.body()).contains("Unknown client");

    String evalId = "signnow-eval-demo-client";
    JsonNode eval =
        json(exchange("eval", evalId, "signnow-eval-demo-secret", code("eval", evalId), null));
    String access = eval.get("access_token").asText();
    assertThat(
            client
                .get(client.at("/signnow-api/eval/user"), "Authorization", "Bearer " + access)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> onProd =
        client.get(client.at("/signnow-api/prod/user"), "Authorization", "Bearer " + access);
    assertThat(onProd.statusCode()).isEqualTo(401);
    assertThat(json(onProd).at("/errors/0/code").asText())
        .as("another of SignNow's error shapes")
        .isEqualTo("1537");
  }

  @Test
  void userAndDocumentsAnswerInSignNowsShapesAndNoRevocationExists() {
    String access =
        json(exchange("prod", ID, SECRET, code("prod", ID), null)).get("access_token").asText();
    JsonNode user =
        json(client.get(client.at("/signnow-api/prod/user"), "Authorization", "Bearer " + access));
    assertThat(user.get("primary_email").asText()).isEqualTo("iris.novak@example.com");
    JsonNode docs =
        json(
            client.get(
                client.at("/signnow-api/prod/user/documentsv2"),
                "Authorization",
                "Bearer " + access));
    assertThat(docs.isArray()).isTrue();
    assertThat(docs).hasSize(2);

    HttpResponse<String> bad =
        client.get(client.at("/signnow-api/prod/user"), "Authorization", "Bearer nope");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(json(bad).get("error").asText()).isEqualTo("invalid_token");
    assertThat(json(bad).get("code").asInt()).isEqualTo(1537);

    HttpResponse<String> delete =
        client.post(client.at("/signnow-api/prod/oauth2/revoke"), form("token", access));
    assertThat(delete.statusCode()).isEqualTo(404);
  }

  private String code(String env, String clientId) {
    HttpResponse<String> response =
        client.get(
            url(
                client.at("/signnow-app/" + env + "/authorize"),
                form(
                    "response_type",
                    "code",
                    "client_id",
                    clientId,
                    "redirect_uri",
                    REDIRECT,
                    "state",
                    "s")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return callback(response).get("code");
  }

  private HttpResponse<String> exchange(
      String env, String clientId, String secret, String code, String scope) {
    return client.post(
        client.at("/signnow-api/" + env + "/oauth2/token"),
        form(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            REDIRECT,
            "scope",
            scope),
        "Authorization",
        basic(clientId, secret));
  }

  private HttpResponse<String> refresh(String refreshToken) {
    return client.post(
        client.at("/signnow-api/prod/oauth2/token"),
        form("grant_type", "refresh_token", "refresh_token", refreshToken),
        "Authorization",
        basic(ID, SECRET));
  }
}
