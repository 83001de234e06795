package io.signlink.emulator;

import static io.signlink.emulator.ProfileClient.callback;
import static io.signlink.emulator.ProfileClient.form;
import static io.signlink.emulator.ProfileClient.json;
import static io.signlink.emulator.ProfileClient.url;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted emulator with a state file keeps honouring the refresh tokens it issued, on the same
 * shard only: the grant's region survives the restart with it.
 */
class StateFileRegionsTest {

  private static final String ID = "acrobatsign-demo-client";
  private static final String SECRET = "acrobatsign-demo-secret";
  private static final String REDIRECT = "http://127.0.0.1:9999/callback/acrobatsign";

  @TempDir Path dir;

  @Test
  void aRegionalRefreshTokenSurvivesARestartOnItsOwnShardOnly() {
    Path state = dir.resolve("emulator-state.json");
    String refresh;
    try (Emulator emu = start(state)) {
      ProfileClient client = new ProfileClient(emu);
      emu.signInAs(emu.provider("acrobatsign"), "luca.bianchi@example.eu");
      Map<String, String> cb =
          callback(
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
                          "agreement_read",
                          "state",
                          "s"))));
      refresh =
          json(client.post(
                  cb.get("api_access_point") + "oauth/v2/token",
                  form(
                      "grant_type",
                      "authorization_code",
                      "code",
                      cb.get("code"),
                      "client_id",
                      ID,
                      "client_secret",
                      SECRET,
                      "redirect_uri",
                      REDIRECT)))
              .get("refresh_token")
              .asText();
    }
    try (Emulator emu = start(state)) {
      ProfileClient client = new ProfileClient(emu);
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
      HttpResponse<String> na1 =
          client.post(client.at("/acrobatsign-api/na1/oauth/v2/refresh"), form);
      assertThat(json(na1).get("error").asText()).isEqualTo("invalid_grant");
      HttpResponse<String> eu1 =
          client.post(client.at("/acrobatsign-api/eu1/oauth/v2/refresh"), form);
      assertThat(eu1.statusCode()).as(eu1.body()).isEqualTo(200);
    }
  }

  private static Emulator start(Path state) {
    return Emulator.start(TestClient.config().autoApprove(true).stateFile(state).build());
  }
}
