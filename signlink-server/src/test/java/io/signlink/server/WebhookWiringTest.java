package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime sends a connection's life to the configured webhook through the outbox: created,
 * reauthorization required and recovered, revoked, deleted; {@code connection.refreshed} only when
 * asked for (SECURITY.md §durable-webhooks).
 */
class WebhookWiringTest {
  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  HttpServer receiver;
  URI hook;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          bodies.add(
              TestSignLink.readJson(
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  List<String> types() {
    return bodies.stream().map(b -> b.get("type").asText()).toList();
  }

  @Test
  void aConnectionsLifeReachesTheWebhookWithoutTokensAndWithoutRefreshes() throws Exception {
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
      sl.emulator.revokeAllGrants(); // the user revoked SignLink at the provider
      sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 2);
      assertThat(
              TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "hooked")))
          .isEqualTo(id);
      sl.api("DELETE", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() >= 5);

      // the first two were awaited in turn; the rest may arrive in any order (parallel senders,
      // docs/WEBHOOKS.md: order by `at`)
      assertThat(types().subList(0, 2))
          .containsExactly("connection.created", "connection.reauth_required");
      assertThat(types())
          .containsExactlyInAnyOrder(
              "connection.created",
              "connection.reauth_required",
              "connection.recovered",
              "connection.revoked",
              "connection.deleted");
      assertThat(bodies).allSatisfy(b -> assertThat(b.get("connection_id").asText()).isEqualTo(id));
      assertThat(bodies.stream().map(b -> b.get("id").asText()).distinct()).hasSize(5);
      assertThat(bodies.toString()).doesNotContain("access_token").doesNotContain("refresh_token");
    }
  }

  @Test
  void refreshesReachAWebhookThatAsksForThem() throws Exception {
    try (TestSignLink sl =
        TestSignLink.start(
            true,
            true,
            b ->
                b.webhooks(
                    new WebhookSettings(
                        List.of(hook),
                        Secret.of("0123456789abcdef-hook"),
                        Set.of("connection.refreshed"))))) {
      String id =
          TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "hooked"));
      sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() == 1);
      assertThat(types()).containsExactly("connection.refreshed");
    }
  }
}
