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

  /** Generous: a loaded 2-core machine may take seconds for what takes milliseconds alone. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Long enough that no test here runs out of retry time unless it moves the clock. */
  static final Duration RETRY_FOR = Duration.ofHours(1);

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

  /** The store's and the senders' time: real time, plus what the test (or receiver) adds. */
  final OffsetClock clock = new OffsetClock();

  /** How much clock time the receiver lets pass while it answers a failed attempt. */
  final AtomicReference<Duration> failureTakes = new AtomicReference<>(Duration.ZERO);

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int status = failFirst.getAndDecrement() > 0 ? failStatus.get() : 204;
          if (status != 204) {
            clock.advance(failureTakes.get());
          }
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
    store =
        SignLinkStore.open(StoreConfig.builder().dataDir(dir.resolve("data")).clock(clock).build());
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
        clock,
        new WebhookDelivery.Settings(
            2,
            Duration.ofMinutes(10), // outlasts every clock jump here: no lease lapses mid-test
            Duration.ofSeconds(10),
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
    try (WebhookDelivery d = delivery(RETRY_FOR)) {
      dispatcher(d, RETRY_FOR).onEvent(event(ConnectionEvent.Type.CREATED));
      assertThat(outbox.counts(null)).containsEntry(DeliveryStatus.PENDING, 1L); // not started yet
      d.start();
      await().atMost(WAIT).until(() -> received.size() == 1);
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
    try (WebhookDelivery d = delivery(RETRY_FOR)) {
      d.start();
      dispatcher(d, RETRY_FOR).onEvent(event(ConnectionEvent.Type.CREATED));
      await().atMost(WAIT).until(() -> received.size() == 1);
      await().atMost(WAIT).until(() -> d.delivered() == 1);
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
    try (WebhookDelivery d = delivery(RETRY_FOR)) {
      d.start();
      dispatcher(d, RETRY_FOR).onEvent(event(ConnectionEvent.Type.REVOKED));
      await().atMost(WAIT).until(() -> d.gaveUp() == 1);
    }
    Delivery failed = outbox.list("default", DeliveryStatus.FAILED, 10).get(0);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastResult()).isEqualTo("HTTP 410; refused, not retried");
    assertThat(received).isEmpty();
  }

  @Test
  void aDeliveryIsGivenUpWhenItsRetryTimeRunsOutAndSentAgainOnRequest() {
    // 60 s of retry time, and each failed answer takes 25 s of clock time: attempts 1 and 2 end
    // inside the retry time (at +25 s, +50 s, plus however long the machine is slow, which stays
    // far below the 35 s that could make the first one end late) and are retried; the one that
    // ends at +75 s or later is given up. No real time window.
    failFirst.set(1_000);
    failureTakes.set(Duration.ofSeconds(25));
    try (WebhookDelivery d = delivery(Duration.ofMinutes(1))) {
      d.start();
      dispatcher(d, Duration.ofMinutes(1)).onEvent(event(ConnectionEvent.Type.REAUTH_REQUIRED));
      await().atMost(WAIT).until(() -> d.gaveUp() == 1);
      Delivery failed = outbox.list("default", DeliveryStatus.FAILED, 10).get(0);
      assertThat(failed.attempts()).isBetween(2, 3);
      assertThat(d.retried()).isEqualTo(failed.attempts() - 1);
      assertThat(failed.lastResult()).startsWith("HTTP 503; given up after");
      failureTakes.set(Duration.ZERO);

      failFirst.set(0); // the receiver is back: an operator sends it again
      assertThat(outbox.redeliver("default", failed.id(), RETRY_FOR)).isTrue();
      d.wake();
      await().atMost(WAIT).until(() -> received.size() == 1);
    }
  }

  @Test
  void refreshedIsSentOnlyToAWebhookThatAsksForIt() {
    try (WebhookDelivery d = delivery(RETRY_FOR)) {
      d.start();
      WebhookDispatcher dispatcher = dispatcher(d, RETRY_FOR);
      dispatcher.onEvent(event(ConnectionEvent.Type.REFRESHED));
      dispatcher.onEvent(event(ConnectionEvent.Type.UPDATED)); // never a webhook event
      dispatcher.onEvent(event(ConnectionEvent.Type.RECOVERED));
      await().atMost(WAIT).until(() -> received.size() == 1);
      assertThat(received.get(0).body()).contains("connection.recovered");

      events.set(Set.of("connection.refreshed"));
      dispatcher.onEvent(event(ConnectionEvent.Type.REFRESHED));
      dispatcher.onEvent(event(ConnectionEvent.Type.CREATED)); // not chosen any more
      await().atMost(WAIT).until(() -> received.size() == 2);
      assertThat(received.get(1).body()).contains("connection.refreshed");
      assertThat(dispatcher.queued()).isEqualTo(2);
    }
  }

  @Test
  void aDeliveryToAnEndpointTheApplicationDroppedIsGivenUpNotSent() {
    try (WebhookDelivery d = delivery(RETRY_FOR)) {
      dispatcher(d, RETRY_FOR).onEvent(event(ConnectionEvent.Type.CREATED));
      url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/moved");
      d.start();
      await().atMost(WAIT).until(() -> d.gaveUp() == 1);
    }
    assertThat(received).isEmpty();
    assertThat(outbox.list("default", DeliveryStatus.FAILED, 10).get(0).lastResult())
        .contains("no longer sends webhooks to this URL");
  }
}
