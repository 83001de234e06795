package io.signlink.store.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.store.PgTestSchema;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox on both backends (SECURITY.md §durable-webhooks): one row per event per endpoint,
 * leases that keep a row with one instance at a time, outcomes recorded only by the attempt that
 * holds the row, rows that outlive a restart, and a given-up delivery sent again on request.
 */
class WebhookOutboxTest {
  enum Backend {
    SQLITE,
    POSTGRESQL
  }

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration RETRY_FOR = Duration.ofHours(24);
  static final URI A = URI.create("https://a.example.com/hook");
  static final URI B = URI.create("https://b.example.com/hook");

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);
  final List<SignLinkStore> opened = new ArrayList<>();
  PgTestSchema pg;

  @AfterEach
  void close() throws Exception {
    opened.forEach(SignLinkStore::close);
    if (pg != null) {
      pg.close();
    }
  }

  /** A new instance on this test's database (every call shares it, as instances do). */
  WebhookOutbox open(Backend backend) throws Exception {
    StoreConfig.Builder config;
    if (backend == Backend.POSTGRESQL) {
      if (pg == null) {
        pg = new PgTestSchema();
      }
      config = pg.config(pg.url()).poolSize(4);
    } else {
      config = StoreConfig.builder().dataDir(dir.resolve("data")).poolSize(4);
    }
    SignLinkStore store = SignLinkStore.open(config.clock(clock).build());
    opened.add(store);
    return store.webhookOutbox();
  }

  static NewWebhookEvent event(String id, URI... endpoints) {
    return new NewWebhookEvent(
        id,
        "default",
        "connection.created",
        "conn-1",
        "{\"id\":\"" + id + "\",\"type\":\"connection.created\"}",
        List.of(endpoints));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void writesOneDeliveryPerEndpointAndIgnoresTheSameEventWrittenAgain(Backend backend)
      throws Exception {
    WebhookOutbox outbox = open(backend);
    assertThat(outbox.enqueue(event("ev-1", A, B), RETRY_FOR)).isEqualTo(2);
    assertThat(outbox.enqueue(event("ev-1", A, B), RETRY_FOR)).isZero();

    List<Delivery> all = outbox.list("default", null, 10);
    assertThat(all).extracting(Delivery::endpoint).containsExactlyInAnyOrder(A, B);
    assertThat(all).extracting(Delivery::eventId).containsOnly("ev-1");
    assertThat(all).extracting(Delivery::status).containsOnly(DeliveryStatus.PENDING);
    assertThat(all.get(0).retryUntil()).isEqualTo(T0.plus(RETRY_FOR));
    assertThat(outbox.list("other-app", null, 10)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aClaimedDeliveryStaysWithItsHolderUntilTheLeaseEnds(Backend backend) throws Exception {
    WebhookOutbox one = open(backend);
    WebhookOutbox two = open(backend);
    one.enqueue(event("ev-1", A), RETRY_FOR);

    List<Delivery> claimed = one.claim("one", 10, LEASE);
    assertThat(claimed).hasSize(1);
    assertThat(claimed.get(0).attempts()).isEqualTo(1);
    assertThat(claimed.get(0).leaseHolder()).isEqualTo("one");
    assertThat(two.claim("two", 10, LEASE)).isEmpty();

    clock.advance(LEASE.minusSeconds(1));
    assertThat(two.claim("two", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1)); // "one" died holding it: its lease lapses
    List<Delivery> takenOver = two.claim("two", 10, LEASE);
    assertThat(takenOver).extracting(Delivery::attempts).containsExactly(2);

    // the dead holder's late answer must not overwrite the attempt that took over
    assertThat(one.delivered(claimed.get(0), "HTTP 204")).isFalse();
    assertThat(two.delivered(takenOver.get(0), "HTTP 204")).isTrue();
    Delivery done = one.find("default", claimed.get(0).id()).orElseThrow();
    assertThat(done.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.leaseHolder()).isNull();
    assertThat(done.finishedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofDays(1));
    assertThat(two.claim("two", 10, LEASE)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailedAttemptIsDueAgainAtItsRetryTime(Backend backend) throws Exception {
    WebhookOutbox outbox = open(backend);
    outbox.enqueue(event("ev-1", A), RETRY_FOR);
    Delivery first = outbox.claim("one", 10, LEASE).get(0);
    assertThat(outbox.retryAt(first, T0.plusSeconds(10), "HTTP 503")).isTrue();
    assertThat(outbox.retryAt(first, T0.plusSeconds(10), "HTTP 503")).isFalse(); // only once

    clock.advance(Duration.ofSeconds(9));
    assertThat(outbox.claim("one", 10, LEASE)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    Delivery second = outbox.claim("one", 10, LEASE).get(0);
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.lastResult()).isEqualTo("HTTP 503");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void undeliveredEventsSurviveARestart(Backend backend) throws Exception {
    WebhookOutbox before = open(backend);
    before.enqueue(event("ev-1", A), RETRY_FOR);
    before.enqueue(event("ev-2", A), RETRY_FOR);
    before.claim("crashed", 1, LEASE); // in flight when the instance stops
    opened.forEach(SignLinkStore::close);
    opened.clear();

    WebhookOutbox after = open(backend);
    assertThat(after.counts("default")).containsEntry(DeliveryStatus.PENDING, 2L);
    List<Delivery> waiting = after.claim("restarted", 10, LEASE);
    assertThat(waiting).hasSize(1);
    after.delivered(waiting.get(0), "HTTP 204");
    assertThat(after.claim("restarted", 10, LEASE)).isEmpty();
    clock.advance(LEASE); // the lease of the delivery in flight at the stop lapses
    List<Delivery> inFlight = after.claim("restarted", 10, LEASE);
    assertThat(inFlight).hasSize(1);
    assertThat(inFlight.get(0).eventId()).isNotEqualTo(waiting.get(0).eventId());
    assertThat(inFlight.get(0).attempts()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aGivenUpDeliveryIsSentAgainOnlyOnRequest(Backend backend) throws Exception {
    WebhookOutbox outbox = open(backend);
    outbox.enqueue(event("ev-1", A), RETRY_FOR);
    Delivery d = outbox.claim("one", 10, LEASE).get(0);
    assertThat(outbox.fail(d, "HTTP 410")).isTrue();
    assertThat(outbox.claim("one", 10, LEASE)).isEmpty();
    assertThat(outbox.list("default", DeliveryStatus.FAILED, 10))
        .singleElement()
        .satisfies(f -> assertThat(f.lastResult()).isEqualTo("HTTP 410"));

    assertThat(outbox.redeliver("another-app", d.id(), RETRY_FOR)).isFalse();
    clock.advance(Duration.ofDays(2));
    assertThat(outbox.redeliver("default", d.id(), RETRY_FOR)).isTrue();
    assertThat(outbox.redeliver("default", d.id(), RETRY_FOR)).isFalse(); // not failed any more
    Delivery again = outbox.claim("one", 10, LEASE).get(0);
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.retryUntil()).isEqualTo(clock.instant().plus(RETRY_FOR));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void housekeepingDeletesOnlyDeliveriesThatEndedBeforeTheirCutOff(Backend backend)
      throws Exception {
    WebhookOutbox outbox = open(backend);
    outbox.enqueue(event("ev-1", A, B), RETRY_FOR);
    outbox.enqueue(event("ev-2", A), RETRY_FOR);
    List<Delivery> claimed = outbox.claim("one", 2, LEASE);
    outbox.delivered(claimed.get(0), "HTTP 200");
    outbox.fail(claimed.get(1), "HTTP 400");
    clock.advance(Duration.ofDays(8));

    assertThat(outbox.purge(clock.instant().minus(Duration.ofDays(7)), T0)).isEqualTo(1);
    assertThat(outbox.counts(null))
        .containsEntry(DeliveryStatus.DELIVERED, 0L)
        .containsEntry(DeliveryStatus.FAILED, 1L)
        .containsEntry(DeliveryStatus.PENDING, 1L);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void threeInstancesClaimingAtOnceNeverShareADelivery(Backend backend) throws Exception {
    WebhookOutbox seed = open(backend);
    int total = 300;
    for (int i = 0; i < total; i++) {
      seed.enqueue(event("ev-" + i, A), RETRY_FOR);
    }
    List<WebhookOutbox> instances = List.of(open(backend), open(backend), open(backend));
    Map<String, String> claimedBy = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(instances.size());
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        WebhookOutbox outbox = instances.get(i);
        String holder = "instance-" + i;
        counts.add(
            pool.submit(
                () -> {
                  start.await();
                  int mine = 0;
                  for (List<Delivery> batch = outbox.claim(holder, 7, LEASE);
                      !batch.isEmpty();
                      batch = outbox.claim(holder, 7, LEASE)) {
                    for (Delivery d : batch) {
                      if (claimedBy.putIfAbsent(d.id(), holder) != null) {
                        duplicates.incrementAndGet();
                      }
                      assertThat(outbox.delivered(d, "HTTP 204")).isTrue();
                    }
                    mine += batch.size();
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Integer> perInstance = new ArrayList<>();
      for (Future<Integer> f : counts) {
        perInstance.add(f.get(60, TimeUnit.SECONDS));
      }
      System.out.printf(
          "[outbox %s] 3 instances claimed %s of %d deliveries, duplicates = %d%n",
          backend, perInstance, total, duplicates.get());
      assertThat(duplicates.get()).isZero();
      assertThat(claimedBy).hasSize(total);
      assertThat(seed.counts("default")).containsEntry(DeliveryStatus.DELIVERED, (long) total);
    } finally {
      pool.shutdownNow();
    }
  }
}
