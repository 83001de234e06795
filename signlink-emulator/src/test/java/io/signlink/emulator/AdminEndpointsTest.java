package io.signlink.emulator;

import static io.signlink.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON admin surface under /_emulator mirrors the Java admin API. */
class AdminEndpointsTest {

  private Emulator emu;
  private TestClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).build());
    client = new TestClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private HttpResponse<String> post(String path, String json, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emu.baseUri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build());
  }

  @Test
  void statsCountTokenRequestsByGrantType() {
    client.boldSignTokens();
    JsonNode stats = json(client.get(emu.baseUri() + "/_emulator/stats"));
    assertThat(stats.get("boldsign.token.authorization_code").asLong()).isEqualTo(1);
    assertThat(stats.get("boldsign.authorize").asLong()).isEqualTo(1);
    post("/_emulator/stats/reset", "");
    assertThat(emu.stats().snapshot()).isEmpty();
  }

  @Test
  void expireTokensRevokeGrantsAndRotateKeysOverHttp() {
    JsonNode tokens = client.boldSignTokens();
    assertThat(json(post("/_emulator/tokens/expire", "")).get("expired").asInt()).isEqualTo(1);
    assertThat(client.boldSignDocuments(tokens.get("access_token").asText()).statusCode())
        .isEqualTo(401);

    JsonNode refreshed = json(client.boldSignRefresh(tokens.get("refresh_token").asText()));
    assertThat(
            json(post(
                    "/_emulator/grants/revoke",
                    "{\"token\":\"" + refreshed.get("refresh_token").asText() + "\"}"))
                .get("revoked")
                .asInt())
        .isEqualTo(1);
    assertThat(client.boldSignDocuments(refreshed.get("access_token").asText()).statusCode())
        .isEqualTo(401);

    String kid = json(post("/_emulator/keys/rotate", "")).get("kid").asText();
    assertThat(kid).isEqualTo(emu.currentSigningKeyId());
  }

  @Test
  void revokeGrantsByUserStopsThatUsersTokens() {
    JsonNode ds = client.docuSignTokens();
    int revoked =
        emu.revokeGrants(
            Provider.DOCUSIGN,
            DemoClients.DOCUSIGN_INTEGRATION_KEY,
            SeedUsers.DOCUSIGN.get(0).sub());
    assertThat(revoked).isEqualTo(1);
    String refresh = ds.get("refresh_token").asText();
    assertThat(
            json(client.docuSignToken(
                    TestClient.form("grant_type", "refresh_token", "refresh_token", refresh)))
                .get("error")
                .asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void refusesCrossOriginAdminCallsAndMalformedBodies() {
    assertThat(post("/_emulator/tokens/expire", "", "Origin", "https://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(post("/_emulator/grants/revoke", "{not json").statusCode()).isEqualTo(400);
  }
}
