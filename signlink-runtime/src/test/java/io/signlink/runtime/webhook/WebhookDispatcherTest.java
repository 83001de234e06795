package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.signlink.connection.ConnectionEvent;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import io.signlink.store.outbox.WebhookOutbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events through the outbox to a real receiver on a real socket (SECURITY.md §durable-webhooks,
 * §webhook-verification): written before the caller goes on, signed, retried on 5xx, given up on a
 * refusal or when the retry time runs out, filtered by event type.
 */
class WebhookDispatcherTest {
  static final Secret SECRET = Secret.of("webhook-secret-0123456789");

  record Received(String body, String timestamp, String signature) {}

  @TempDir Path dir;
  HttpServer receiver;
  SignLinkStore store;
  WebhookOutbox outbox;
  URI url;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();
  final AtomicInteger failStatus = new AtomicInteger(503);
  final AtomicReference<Set<String>> events = new AtomicReference<>(Set.of());

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int status = failFirst.getAndDecrement() > 0 ? failStatus.get() : 204;
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
    url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    store = SignLinkStore.open(StoreConfig.builder().dataDir(dir.resolve("data")).build());
    outbox = store.webhookOutbox();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    store.close();
  }

  Optional<WebhookTarget> target(String applicationId) {
    return Optional.of(new WebhookTarget(applicationId, List.of(url), SECRET, events.get(), null));
  }

  WebhookDelivery delivery(Duration retryFor) {
    return new WebhookDelivery(
        outbox,
        this::target,
        new JdkHttpTransport(),
        Clock.systemUTC(),
        new WebhookDelivery.Settings(
            2,
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            Duration.ofMillis(50),
            new RetrySchedule(Duration.ofMillis(20), Duration.ofMillis(100), retryFor)),
        "test-instance");
  }

  WebhookDispatcher dispatcher(WebhookDelivery d, Duration retryFor) {
    return new WebhookDispatcher(this::target, outbox, retryFor, d::wake);
  }

  static ConnectionEvent event(ConnectionEvent.Type type) {
    return new ConnectionEvent(
        type, "conn-1", "boldsign", "alice", Instant.parse("2026-01-01T00:00:00Z"), "ok");
  }

  @Test
  void anEventIsInTheOutboxBeforeTheCallerGoesOnAndIsDeliveredSigned() {
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      dispatcher(d, Duration.ofMinutes(1)).onEvent(event(ConnectionEvent.Type.CREATED));
      assertThat(outbox.counts(null)).containsEntry(DeliveryStatus.PENDING, 1L); // not started yet
      d.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> outbox.counts(null).get(DeliveryStatus.DELIVERED) == 1L);
    }
    Received r = received.get(0);
    assertThat(r.body())
        .contains("\"type\":\"connection.created\"")
        .contains("\"connection_id\":\"conn-1\"")
        .doesNotContain("token\":");
    WebhookSigner signer = new WebhookSigner(SECRET);
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    assertThat(signer.verify(Long.parseLong(r.timestamp()), body, r.signature())).isTrue();
    assertThat(signer.verify(Long.parseLong(r.timestamp()) + 1, body, r.signature())).isFalse();
  }

  @Test
  void retriesWithBackoffUntilDeliveredWithTheSameEventId() {
    failFirst.set(2);
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      d.start();
      dispatcher(d, Duration.ofMinutes(1)).onEvent(event(ConnectionEvent.Type.CREATED));
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> d.delivered() == 1);
      assertThat(d.retried()).isEqualTo(2);
    }
    Delivery row = outbox.list("default", DeliveryStatus.DELIVERED, 10).get(0);
    assertThat(row.attempts()).isEqualTo(3);
    assertThat(received.get(0).body()).contains("\"id\":\"" + row.eventId() + "\"");
  }

  @Test
  void aRefusalIsGivenUpAtOnceAndListedWithWhatTheReceiverAnswered() {
    failFirst.set(1);
    failStatus.set(410);
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      d.start();
      dispatcher(d, Duration.ofMinutes(1)).onEvent(event(ConnectionEvent.Type.REVOKED));
      await().atMost(Duration.ofSeconds(5)).until(() -> d.gaveUp() == 1);
    }
    Delivery failed = outbox.list("default", DeliveryStatus.FAILED, 10).get(0);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastResult()).isEqualTo("HTTP 410; refused, not retried");
    assertThat(received).isEmpty();
  }

  @Test
  void aDeliveryIsGivenUpWhenItsRetryTimeRunsOutAndSentAgainOnRequest() {
    failFirst.set(1_000);
    try (WebhookDelivery d = delivery(Duration.ofMillis(300))) {
      d.start();
      dispatcher(d, Duration.ofMillis(300)).onEvent(event(ConnectionEvent.Type.REAUTH_REQUIRED));
      await().atMost(Duration.ofSeconds(5)).until(() -> d.gaveUp() == 1);
      Delivery failed = outbox.list("default", DeliveryStatus.FAILED, 10).get(0);
      assertThat(failed.attempts()).isGreaterThan(1);
      assertThat(failed.lastResult()).startsWith("HTTP 503; given up after");

      failFirst.set(0); // the receiver is back: an operator sends it again
      assertThat(outbox.redeliver("default", failed.id(), Duration.ofMinutes(1))).isTrue();
      d.wake();
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    }
  }

  @Test
  void refreshedIsSentOnlyToAWebhookThatAsksForIt() {
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      d.start();
      WebhookDispatcher dispatcher = dispatcher(d, Duration.ofMinutes(1));
      dispatcher.onEvent(event(ConnectionEvent.Type.REFRESHED));
      dispatcher.onEvent(event(ConnectionEvent.Type.UPDATED)); // never a webhook event
      dispatcher.onEvent(event(ConnectionEvent.Type.RECOVERED));
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
      assertThat(received.get(0).body()).contains("connection.recovered");

      events.set(Set.of("connection.refreshed"));
      dispatcher.onEvent(event(ConnectionEvent.Type.REFRESHED));
      dispatcher.onEvent(event(ConnectionEvent.Type.CREATED)); // not chosen any more
      await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
      assertThat(received.get(1).body()).contains("connection.refreshed");
      assertThat(dispatcher.queued()).isEqualTo(2);
    }
  }

  @Test
  void aDeliveryToAnEndpointTheApplicationDroppedIsGivenUpNotSent() {
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      dispatcher(d, Duration.ofMinutes(1)).onEvent(event(ConnectionEvent.Type.CREATED));
      url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/moved");
      d.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> d.gaveUp() == 1);
    }
    assertThat(received).isEmpty();
    assertThat(outbox.list("default", DeliveryStatus.FAILED, 10).get(0).lastResult())
        .contains("no longer sends webhooks to this URL");
  }
}
