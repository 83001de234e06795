package io.signlink.emulator;

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
 * PandaDoc as its API reference and Node client describe it: client credentials in the form body,
 * {@code /oauth2/access_token} for both the code and the refresh, access tokens for about a year,
 * {@code read+write} scopes, no revocation, {@code /public/v1/members/current}, and {@code {type,
 * detail}} errors.
 */
class PandaDocProfileTest {

  private static final String ID = "pandadoc-demo-client";
  private static final String SECRET = "pandadoc-demo-secret";
  private static final String REDIRECT = "http://127.0.0.1:9999/callback/pandadoc";

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
  void theCodeIsExchangedWithCredentialsInTheBodyForAYearLongToken() {
    JsonNode tokens = tokens();
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(31_535_999L);
    assertThat(tokens.get("scope").asText()).isEqualTo("read write");
    assertThat(tokens.has("refresh_token")).isTrue();

    HttpResponse<String> basic =
        client.post(
            token(),
            form("grant_type", "authorization_code", "code", code(), "redirect_uri", REDIRECT),
            "Authorization",
            ProfileClient.basic(ID, SECRET));
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void theSameEndpointRefreshesAndANewRefreshTokenReplacesTheOld() {
    String refresh = tokens().get("refresh_token").asText();
    HttpResponse<String> refreshed =
        client.post(
            token(),
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                refresh,
                "client_id",
                ID,
                "client_secret",
                SECRET));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(json(refreshed).get("refresh_token").asText()).isNotEqualTo(refresh);
  }

  @Test
  void membersAndDocumentsAnswerAndErrorsAreTypeAndDetail() {
    String access = tokens().get("access_token").asText();
    JsonNode me =
        json(
            client.get(
                client.at("/pandadoc-api/public/v1/members/current"),
                "Authorization",
                "Bearer " + access));
    assertThat(me.get("email").asText()).isEqualTo("grace.mbeki@example.com");
    assertThat(me.get("workspace_name").asText()).isNotBlank();
    JsonNode docs =
        json(
            client.get(
                client.at("/pandadoc-api/public/v1/documents"),
                "Authorization",
                "Bearer " + access));
    assertThat(docs.get("results")).hasSize(2);

    HttpResponse<String> bad =
        client.get(client.at("/pandadoc-api/public/v1/documents"), "Authorization", "Bearer nope");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(json(bad).get("type").asText()).isEqualTo("authentication_error");
    assertThat(json(bad).get("detail").asText()).isNotBlank();

    assertThat(
            client
                .post(client.at("/pandadoc-api/oauth2/revoke"), form("token", access))
                .statusCode())
        .as("PandaDoc has no token invalidation")
        .isEqualTo(404);
  }

  private String code() {
    HttpResponse<String> response =
        client.get(
            url(
                client.at("/pandadoc/oauth2/authorize"),
                form(
                    "response_type",
                    "code",
                    "client_id",
                    ID,
                    "redirect_uri",
                    REDIRECT,
                    "scope",
                    "read write",
                    "state",
                    "s")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    return callback(response).get("code");
  }

  private JsonNode tokens() {
    HttpResponse<String> response =
        client.post(
            token(),
            form(
                "grant_type",
                "authorization_code",
                "code",
                code(),
                "redirect_uri",
                REDIRECT,
                "client_id",
                ID,
                "client_secret",
                SECRET,
                "scope",
                "read write"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private String token() {
    return client.at("/pandadoc-api/oauth2/access_token");
  }
}
