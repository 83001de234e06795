package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A successful re-consent starts the connection with a clean slate (SECURITY.md §cooldown): a
 * failure cooldown left by an earlier provider outage does not make {@code /token} answer 503, even
 * with access tokens shorter than the refresh margin and once the new token is due.
 */
class ReconnectTest {
  static final ObjectMapper JSON = new ObjectMapper();
  TestSignLink sl;

  @BeforeEach
  void start() {
    sl =
        TestSignLink.start(
            true,
            false,
            UnaryOperator.identity(),
            emu -> emu.docuSignAccessTokenTtl(Duration.ofSeconds(8)));
  }

  @AfterEach
  void stop() {
    sl.close();
  }

  String token(String id) throws Exception {
    HttpResponse<String> r =
        sl.api("POST", "/api/connections/" + id + "/token", TestSignLink.ADMIN_KEY, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  @Test
  void afterAReconnectAFailureCooldownFromAnEarlierOutageNoLongerBlocksTokens() throws Exception {
    HttpClient browser = TestSignLink.browser();
    String id = TestSignLink.connectionId(sl.connect(browser, "docusign", "reconnecting-owner"));
    sl.emulator.faults().failNextTokenRequests(3, 503); // the provider is down
    HttpResponse<String> failed =
        sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
    assertThat(failed.statusCode()).isEqualTo(503); // and a 30 s cooldown has started

    assertThat(TestSignLink.connectionId(sl.connect(browser, "docusign", "reconnecting-owner")))
        .isEqualTo(id); // the user re-consents: same connection, new grant
    String fresh = token(id);

    // the new 8 s token is due with 2 s left, well inside the old cooldown: it is refreshed
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !token(id).equals(fresh));
  }
}
