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
import io.signlink.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver's back-off (RFC 9110 §10.2.3, SECURITY.md §durable-webhooks): a 429 or 503 with a
 * {@code Retry-After} gets its next attempt no earlier than it asks, at most the schedule's longest
 * wait later, and never past the retry time; an unreadable header, or one on another status, leaves
 * the normal backoff. Real receiver on a real socket; each attempt is made on the test's thread
 * under a clock that only the test moves, so what is due when is exact, with no timing window.
 */
class WebhookRetryAfterTest {
  static final Secret SECRET = Secret.of("webhook-secret-0123456789");
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(10);

  /** One scripted answer: a status and, when not null, the Retry-After it carries. */
  record Reply(int status, String retryAfter) {}

  @TempDir Path dir;
  HttpServer receiver;
  URI url;
  SignLinkStore store;
  WebhookOutbox outbox;
  final MutableClock clock = new MutableClock(T0);
  final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          requests.incrementAndGet();
          Reply r = replies.poll();
          if (r != null && r.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", r.retryAfter());
          }
          ex.sendResponseHeaders(r == null ? 204 : r.status(), -1);
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
    return Optional.of(new WebhookTarget(applicationId, List.of(url), SECRET, Set.of(), null));
  }

  /** The default schedule: 10 s first wait, 1 h longest, 24 h of retries. */
  WebhookDelivery delivery(Clock c) {
    return new WebhookDelivery(
        outbox,
        this::target,
        new JdkHttpTransport(),
        c,
        new WebhookDelivery.Settings(
            1, LEASE, Duration.ofSeconds(10), Duration.ofMillis(50), RetrySchedule.defaults()),
        "test-instance");
  }

  void event(Duration retryFor) {
    new WebhookDispatcher(this::target, outbox, retryFor, null)
        .onEvent(
            new ConnectionEvent(
                ConnectionEvent.Type.CREATED, "conn-1", "boldsign", "alice", T0, "ok"));
  }

  /** Claims what is due now, as the poller would; empty when nothing is. */
  Optional<Delivery> claim() {
    List<Delivery> claimed = outbox.claim("test-instance", 1, LEASE);
    return claimed.stream().findFirst();
  }

  /** One attempt of the delivery due now, answered by the receiver; the row as recorded. */
  Delivery attemptNow(WebhookDelivery d) {
    Delivery claimed = claim().orElseThrow(() -> new AssertionError("nothing due at " + clock));
    d.attempt(claimed);
    return outbox.find("default", claimed.id()).orElseThrow();
  }

  @Test
  void retryAfterInSecondsIsWaitedOutToTheSecond() {
    event(Duration.ofHours(24));
    replies.add(new Reply(429, "120"));
    try (WebhookDelivery d = delivery(clock)) {
      Delivery row = attemptNow(d);
      assertThat(row.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(row.nextAttemptAt()).isEqualTo(T0.plusSeconds(120));
      assertThat(row.lastResult()).isEqualTo("HTTP 429, Retry-After 120 s");

      clock.advance(Duration.ofSeconds(119));
      assertThat(claim()).as("a second before the receiver's time").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(attemptNow(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void retryAfterAsAnHttpDateIsWaitedOutToo() {
    event(Duration.ofHours(24));
    String at =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(300).atOffset(ZoneOffset.UTC));
    replies.add(new Reply(503, at));
    try (WebhookDelivery d = delivery(clock)) {
      assertThat(attemptNow(d).nextAttemptAt()).isEqualTo(T0.plusSeconds(300));
      clock.advance(Duration.ofSeconds(299));
      assertThat(claim()).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(attemptNow(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
  }

  @Test
  void aLongerRetryAfterIsCappedAtTheLongestWaitBetweenAttempts() {
    event(Duration.ofHours(24));
    replies.add(new Reply(503, "7200"));
    try (WebhookDelivery d = delivery(clock)) {
      Delivery row = attemptNow(d);
      assertThat(row.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
      assertThat(row.lastResult()).isEqualTo("HTTP 503, Retry-After 7200 s");
      clock.advance(Duration.ofHours(1));
      assertThat(attemptNow(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
  }

  @Test
  void aRetryAfterPastTheRetryTimeGivesTheDeliveryUp() {
    event(Duration.ofMinutes(30));
    replies.add(new Reply(429, "2400")); // 40 minutes: after the 30 minutes of retries
    try (WebhookDelivery d = delivery(clock)) {
      Delivery row = attemptNow(d);
      assertThat(row.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(row.lastResult())
          .isEqualTo("HTTP 429, Retry-After 2400 s; given up after 1 attempts, retry time over");
      assertThat(d.gaveUp()).isEqualTo(1);
    }
  }

  @Test
  void anUnreadableOrShortRetryAfterOrOneOnAnotherStatusLeavesTheNormalBackoff() {
    event(Duration.ofHours(24));
    // each is the first failure of its attempt number's wait: 10 s, 20 s, 40 s, less jitter
    replies.add(new Reply(503, "soon"));
    replies.add(new Reply(429, "1.5"));
    replies.add(new Reply(503, "1")); // shorter than the backoff: the backoff stays the floor
    replies.add(new Reply(500, "3000")); // not a back-off status: not read
    List<String> recorded =
        List.of("HTTP 503", "HTTP 429", "HTTP 503, Retry-After 1 s", "HTTP 500");
    try (WebhookDelivery d = delivery(clock)) {
      for (int attempt = 1; attempt <= 4; attempt++) {
        Delivery row = attemptNow(d);
        Duration ceiling = RetrySchedule.defaults().ceiling(attempt);
        assertThat(Duration.between(clock.instant(), row.nextAttemptAt()))
            .as("attempt %d", attempt)
            .isBetween(ceiling.dividedBy(2), ceiling);
        assertThat(row.lastResult()).isEqualTo(recorded.get(attempt - 1));
        clock.set(row.nextAttemptAt());
      }
      assertThat(attemptNow(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }
    assertThat(requests.get()).isEqualTo(5);
  }

  @Test
  void theRunningSenderWaitsForTheReceiversTimeThenDelivers() {
    OffsetClock running = new OffsetClock();
    store.close();
    store =
        SignLinkStore.open(
            StoreConfig.builder().dataDir(dir.resolve("running")).clock(running).build());
    outbox = store.webhookOutbox();
    replies.add(new Reply(429, "600"));
    try (WebhookDelivery d = delivery(running)) {
      d.start();
      new WebhookDispatcher(this::target, outbox, Duration.ofHours(24), d::wake)
          .onEvent(
              new ConnectionEvent(
                  ConnectionEvent.Type.CREATED, "conn-1", "boldsign", "alice", T0, "ok"));
      await().atMost(Duration.ofSeconds(30)).until(() -> d.retried() == 1);
      Delivery waiting = outbox.list("default", DeliveryStatus.PENDING, 10).get(0);
      assertThat(Duration.between(waiting.lastAttemptAt(), waiting.nextAttemptAt()))
          .isBetween(Duration.ofSeconds(600), Duration.ofSeconds(630));
      assertThat(requests.get()).isEqualTo(1);

      running.advance(Duration.ofSeconds(630));
      await().atMost(Duration.ofSeconds(30)).until(() -> d.delivered() == 1);
    }
    assertThat(requests.get()).isEqualTo(2);
  }
}
