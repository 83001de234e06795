package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signlink.connection.ConnectionEvent;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.runtime.config.WebhookSettings;
import io.signlink.store.outbox.DeliveryStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events that could not be delivered before a stop are delivered after the restart: they wait in
 * the database, not in memory (SECURITY.md §durable-webhooks).
 */
class WebhookRestartTest {
  static final int EVENTS = 50;

  @TempDir Path dir;

  @Test
  void eventsQueuedBeforeAStopAreDeliveredAfterTheRestart() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // the receiver is down until the restart
    }
    URI hook = URI.create("http://127.0.0.1:" + port + "/hook");
    SignLinkConfig config =
        SignLinkConfig.builder()
            .dataDir(dir)
            .webhooks(new WebhookSettings(List.of(hook), Secret.of("restart-test-secret-0123")))
            .build();
    try (SignLinkRuntime first = SignLinkRuntime.open(config)) {
      first.startWebhookDelivery();
      for (int i = 0; i < EVENTS; i++) {
        first
            .events()
            .onEvent(
                new ConnectionEvent(
                    ConnectionEvent.Type.CREATED,
                    "conn-" + i,
                    "boldsign",
                    "owner-" + i,
                    Instant.now(),
                    null));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> first.webhookDelivery().retried() > 0);
    }

    Set<String> ids = ConcurrentHashMap.newKeySet();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          ids.add(
              new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()).get("id").asText());
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (SignLinkRuntime second = SignLinkRuntime.builder(config).meterRegistry(meters).build()) {
      second.startWebhookDelivery();
      // the first retry of each is due 5 to 10 s after its failed attempt
      await().atMost(Duration.ofSeconds(40)).until(() -> ids.size() == EVENTS);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  second.store().webhookOutbox().counts("default").get(DeliveryStatus.DELIVERED)
                      == EVENTS);
      // what the application's own registry shows; the counter moves just after the row is written
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          meters
                              .get("signlink.webhook.deliveries")
                              .tag("outcome", "delivered")
                              .functionCounter()
                              .count())
                      .isEqualTo(EVENTS));
      assertThat(second.store().webhookOutbox().counts("default"))
          .containsEntry(DeliveryStatus.PENDING, 0L)
          .containsEntry(DeliveryStatus.FAILED, 0L);
    } finally {
      receiver.stop(0);
    }
  }
}
