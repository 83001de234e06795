package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackgroundRefresherTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  MutableClock clock = new MutableClock(T0);
  InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  ScriptedRefresher refresher = new ScriptedRefresher(clock);
  BackgroundRefresherSettings fast =
      BackgroundRefresherSettings.defaults()
          .withMaxJitter(Duration.ZERO)
          .withRate(1_000_000)
          .withBatchSize(7);

  List<Connection> seed(int n, Duration lifetime) {
    List<Connection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          store.put(
              Fixtures.connection(
                  "docusign", Fixtures.tokens("at-" + i, "rt-" + i, T0, lifetime), T0)));
    }
    return out;
  }

  TokenManager manager(String holder) {
    return TokenManager.builder(store, refresher)
        .clock(clock)
        .settings(TokenManagerSettings.builder().holder(holder).build())
        .build();
  }

  @Test
  void refreshesOnlyConnectionsDueWithinTheWindowAndReleasesTheirLeases() {
    List<Connection> due = seed(20, Duration.ofMinutes(8));
    List<Connection> later = seed(5, Duration.ofHours(1));
    BackgroundRefresher bg =
        new BackgroundRefresher(
            store, manager("a"), fast, clock, RandomGenerator.of("L64X128MixRandom"));
    BackgroundRefresher.Pass pass = bg.runOnce();
    assertThat(pass.leased()).isEqualTo(20);
    assertThat(pass.refreshed()).isEqualTo(20);
    assertThat(refresher.calls.get()).isEqualTo(20);
    assertThat(due).allSatisfy(c -> assertThat(store.leaseHolder(c.id())).isEmpty());
    assertThat(later).allSatisfy(c -> assertThat(store.peek(c.id()).version()).isEqualTo(1));
  }

  @Test
  void neverRunsMoreRefreshesAtOnceThanTheConcurrencyLimit() {
    seed(10, Duration.ofMinutes(1));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    TokenRefresher slow =
        c -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            // stay busy long enough (at most 100 ms) for a third refresh to show up if one could
            long until = System.nanoTime() + 100_000_000L;
            while (System.nanoTime() < until && running.get() < 3) {
              Thread.onSpinWait();
            }
            return refresher.refresh(c);
          } finally {
            running.decrementAndGet();
          }
        };
    TokenManager m = TokenManager.builder(store, slow).clock(clock).build();
    new BackgroundRefresher(
            store, m, fast.withConcurrency(2), clock, RandomGenerator.of("L64X128MixRandom"))
        .runOnce();
    assertThat(refresher.calls.get()).isEqualTo(10);
    assertThat(peak.get()).isEqualTo(2);
  }

  @Test
  void twoInstancesShareTheDueConnectionsWithoutRefreshingAnyTwice() throws Exception {
    seed(40, Duration.ofMinutes(3));
    BackgroundRefresher a =
        new BackgroundRefresher(
            store, manager("a"), fast, clock, RandomGenerator.of("L64X128MixRandom"));
    BackgroundRefresher b =
        new BackgroundRefresher(
            store, manager("b"), fast, clock, RandomGenerator.of("L64X128MixRandom"));
    CompletableFuture<BackgroundRefresher.Pass> pa = CompletableFuture.supplyAsync(a::runOnce);
    CompletableFuture<BackgroundRefresher.Pass> pb = CompletableFuture.supplyAsync(b::runOnce);
    long refreshed = pa.get().refreshed() + pb.get().refreshed();
    assertThat(refresher.calls.get()).isEqualTo(40);
    assertThat(refreshed).isEqualTo(40);
  }

  @Test
  void stopAbandonsRefreshesNotYetSentAndReleasesTheirLeases() throws Exception {
    List<Connection> due = seed(5, Duration.ofMinutes(2));
    BackgroundRefresher bg =
        new BackgroundRefresher(
            store,
            manager("a"),
            fast.withMaxJitter(Duration.ofHours(1)),
            clock,
            RandomGenerator.of("L64X128MixRandom"));
    CompletableFuture<BackgroundRefresher.Pass> pass = CompletableFuture.supplyAsync(bg::runOnce);
    await().until(() -> due.stream().allMatch(c -> store.leaseHolder(c.id()).isPresent()));
    bg.stop();
    assertThat(pass.get().abandoned()).isEqualTo(5);
    assertThat(refresher.calls.get()).isZero();
    assertThat(due).allSatisfy(c -> assertThat(store.leaseHolder(c.id())).isEmpty());
  }
}
