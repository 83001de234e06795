package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The runtime sends connection events to configured webhooks: created, refreshed, deleted. */
class WebhookWiringTest {
  @Test
  void connectionLifecyclePostsWebhooksWithoutTokens() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    try (TestSignLink sl =
        TestSignLink.start(
            true,
            true,
            b ->
                b.webhooks(
                    new WebhookSettings(List.of(hook), Secret.of("0123456789abcdef-hook"))))) {
      String id =
          TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "hooked"));
      sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
      sl.api("DELETE", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> String.join("\n", bodies).contains("connection.deleted"));
      String all = String.join("\n", bodies);
      assertThat(all)
          .contains("connection.created")
          .contains("connection.refreshed")
          .contains("connection.revoked")
          .contains("\"connection_id\":\"" + id + "\"")
          .doesNotContain("access_token")
          .doesNotContain("refresh_token");
    } finally {
      receiver.stop(0);
    }
  }
}
