package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void fiftyCallersOfAnExpiredConnectionShareOneRefresh() throws Exception {
    MutableClock clock = new MutableClock(T0);
    InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
    Connection conn =
        store.put(
            Fixtures.connection(
                "boldsign", Fixtures.tokens("at-0", "rt-0", T0, Duration.ofHours(1)), T0));
    clock.advance(Duration.ofMinutes(61));
    int callers = 50;
    AtomicInteger waiting = new AtomicInteger();
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScriptedRefresher refresher = new ScriptedRefresher(clock);
    refresher.then(
        c -> {
          // hold the refresh until every other caller is parked on it
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      threads.stream()
                              .filter(t -> t != Thread.currentThread())
                              .filter(
                                  t ->
                                      t.getState() == Thread.State.WAITING
                                          || t.getState() == Thread.State.TERMINATED)
                              .count()
                          == callers - 1);
          return Fixtures.tokens("at-1", "rt-1", clock.instant(), Duration.ofHours(1));
        });
    TokenManager manager = TokenManager.builder(store, refresher).clock(clock).build();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            callers,
            r -> {
              Thread t = new Thread(r);
              threads.add(t);
              return t;
            });
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AccessToken>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      results.add(
          pool.submit(
              () -> {
                waiting.incrementAndGet();
                start.await();
                return manager.accessToken(conn.id());
              }));
    }
    await().until(() -> waiting.get() == callers);
    start.countDown();
    for (Future<AccessToken> f : results) {
      assertThat(f.get().token().reveal()).isEqualTo("at-1");
    }
    pool.shutdown();
    assertThat(refresher.calls.get()).isEqualTo(1);
    assertThat(store.peek(conn.id()).tokens().refreshToken().reveal()).isEqualTo("rt-1");
  }
}
