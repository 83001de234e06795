package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.signlink.connection.ConnectionEvent;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
  static final Secret SECRET = Secret.of("webhook-secret-0123456789");

  record Received(String body, String timestamp, String signature) {}

  HttpServer receiver;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) {
            received.add(
                new Received(
                    new String(body, StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER)));
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  WebhookDispatcher dispatcher(int capacity) {
    URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    return new WebhookDispatcher(
        new WebhookSettings(List.of(url), SECRET),
        new JdkHttpTransport(),
        Clock.systemUTC(),
        new WebhookDispatcher.Settings(capacity, 4, Duration.ofMillis(20), Duration.ofSeconds(5)));
  }

  static ConnectionEvent event(ConnectionEvent.Type type) {
    return new ConnectionEvent(
        type, "conn-1", "boldsign", "alice", Instant.parse("2026-01-01T00:00:00Z"), "ok");
  }

  @Test
  void postsSignedEventsWithoutTokens() {
    try (WebhookDispatcher d = dispatcher(10)) {
      d.onEvent(event(ConnectionEvent.Type.REFRESHED));
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    }
    Received r = received.get(0);
    assertThat(r.body())
        .contains("\"type\":\"connection.refreshed\"")
        .contains("\"connection_id\":\"conn-1\"")
        .doesNotContain("token\":");
    WebhookSigner signer = new WebhookSigner(SECRET);
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    assertThat(signer.verify(Long.parseLong(r.timestamp()), body, r.signature())).isTrue();
    assertThat(signer.verify(Long.parseLong(r.timestamp()) + 1, body, r.signature())).isFalse();
  }

  @Test
  void retriesWithBackoffUntilDelivered() {
    failFirst.set(2);
    try (WebhookDispatcher d = dispatcher(10)) {
      d.onEvent(event(ConnectionEvent.Type.CREATED));
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
      assertThat(d.delivered()).isEqualTo(1);
    }
  }

  @Test
  void neverBlocksTheCallerAndDropsBeyondCapacity() {
    receiver.stop(0); // nothing answers: every delivery retries and holds its slot
    try (WebhookDispatcher d = dispatcher(3)) {
      long start = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        d.onEvent(event(ConnectionEvent.Type.REAUTH_REQUIRED));
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      assertThat(d.dropped()).isGreaterThanOrEqualTo(47);
    }
  }

  @Test
  void ignoresEventsThatAreNotPublished() {
    try (WebhookDispatcher d = dispatcher(10)) {
      d.onEvent(event(ConnectionEvent.Type.UPDATED));
      d.onEvent(event(ConnectionEvent.Type.REVOKED));
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    }
    assertThat(received.get(0).body()).contains("connection.revoked");
  }
}
