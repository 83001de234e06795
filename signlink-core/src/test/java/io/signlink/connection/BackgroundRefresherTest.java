package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    clock.advance(Duration.ofMinutes(5)); // 3 of 8 min left (< ½ of the lifetime); 55 of 60 left
    BackgroundRefresher bg =
        new BackgroundRefresher(
            store, manager("a"), fast, clock, RandomGenerator.of("L64X128MixRandom"));
    BackgroundRefresher.Pass pass = bg.runOnce();
    assertThat(pass.due()).isEqualTo(20);
    assertThat(pass.refreshed()).isEqualTo(20);
    assertThat(pass.failed()).isZero();
    assertThat(refresher.calls.get()).isEqualTo(20);
    assertThat(due).allSatisfy(c -> assertThat(store.leaseHolder(c.id())).isEmpty());
    assertThat(later).allSatisfy(c -> assertThat(store.peek(c.id()).version()).isEqualTo(1));
  }

  @Test
  void neverRunsMoreRefreshesAtOnceThanTheConcurrencyLimit() {
    seed(10, Duration.ofMinutes(1));
    clock.advance(Duration.ofSeconds(45));
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
    clock.advance(Duration.ofMinutes(2));
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
    assertThat(pa.get().failed() + pb.get().failed()).isZero();
  }

  @Test
  void stopAbandonsRefreshesNotYetSentWhichHoldNoLeaseWhileWaiting() throws Exception {
    List<Connection> due = seed(5, Duration.ofMinutes(2));
    clock.advance(Duration.ofMinutes(1).plusSeconds(30));
    CountingRandom jitter = new CountingRandom(4);
    BackgroundRefresher bg =
        new BackgroundRefresher(
            store,
            manager("a"),
            fast.withMaxJitter(Duration.ofHours(1)).withConcurrency(4),
            clock,
            jitter);
    CompletableFuture<BackgroundRefresher.Pass> pass = CompletableFuture.supplyAsync(bg::runOnce);
    // each of the 4 workers has drawn its jitter (up to an hour) and waits it out; the fifth
    // connection waits for a worker. However slow the machine, nothing runs before the stop.
    assertThat(jitter.drawn.await(60, TimeUnit.SECONDS)).as("4 workers waiting").isTrue();
    assertThat(due).allSatisfy(c -> assertThat(store.leaseHolder(c.id())).isEmpty());
    bg.stop();
    assertThat(pass.get(60, TimeUnit.SECONDS).abandoned()).isEqualTo(5);
    assertThat(refresher.calls.get()).isZero();
    assertThat(due).allSatisfy(c -> assertThat(store.leaseHolder(c.id())).isEmpty());
  }

  /** A random source that counts the bounded draws: the refresher draws one jitter per turn. */
  static final class CountingRandom implements RandomGenerator {
    final RandomGenerator delegate = RandomGenerator.of("L64X128MixRandom");
    final CountDownLatch drawn;

    CountingRandom(int draws) {
      drawn = new CountDownLatch(draws);
    }

    @Override
    public long nextLong() {
      return delegate.nextLong();
    }

    @Override
    public long nextLong(long bound) {
      long n = delegate.nextLong(bound);
      drawn.countDown();
      return n;
    }
  }

  @Test
  void shortLivedTokensAreRefreshedAheadByTheirLifetimeNotByTheTenMinuteWindow() {
    List<Connection> shortOnes = seed(3, Duration.ofSeconds(60));
    BackgroundRefresher bg =
        new BackgroundRefresher(
            store, manager("a"), fast, clock, RandomGenerator.of("L64X128MixRandom"));
    assertThat(bg.runOnce().due()).as("just obtained: fresh").isZero();
    clock.advance(Duration.ofSeconds(20)); // 40 s of 60 left: more than half
    assertThat(bg.runOnce().due()).isZero();
    clock.advance(Duration.ofSeconds(15)); // 25 s left: due
    BackgroundRefresher.Pass pass = bg.runOnce();
    assertThat(pass.refreshed()).isEqualTo(3);
    assertThat(bg.runOnce().due()).as("one refresh per expiry").isZero();
    assertThat(refresher.calls.get()).isEqualTo(3);
    assertThat(shortOnes).allSatisfy(c -> assertThat(store.peek(c.id()).version()).isEqualTo(2));
  }

  @Test
  void aRefreshTokenNearItsProvidersIdleLimitIsKeptAliveAndReportedWhileThatFails() {
    List<ConnectionEvent> events = new ArrayList<>();
    Connection c =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("at", "rt", T0, Duration.ofDays(40)), T0));
    TokenManager m =
        TokenManager.builder(store, refresher)
            .clock(clock)
            .events(events::add)
            .refreshTokenPolicies(
                java.util.Map.of(
                    "docusign",
                    new io.signlink.provider.RefreshTokenPolicy(null, Duration.ofDays(30))))
            .build();
    BackgroundRefresher bg =
        new BackgroundRefresher(store, m, fast, clock, RandomGenerator.of("L64X128MixRandom"));
    clock.advance(Duration.ofDays(26));
    assertThat(bg.runOnce().due()).as("idle 26 of 30 days: not yet").isZero();
    clock.advance(Duration.ofDays(1).plusHours(1));
    for (int i = 0; i < 3; i++) { // the first try and both retries
      refresher.thenThrow(
          new io.signlink.error.TransientException(
              io.signlink.error.TransientException.Kind.SERVER_ERROR, "down", null, false, null));
    }
    BackgroundRefresher.Pass failing = bg.runOnce();
    assertThat(failing.due()).isEqualTo(1);
    assertThat(failing.refreshed()).isZero();
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsOnlyOnce(ConnectionEvent.Type.REFRESH_TOKEN_EXPIRING);
    clock.advance(Duration.ofMinutes(5)); // past the failure cooldown
    BackgroundRefresher.Pass kept = bg.runOnce();
    assertThat(kept.refreshed()).isEqualTo(1);
    assertThat(store.peek(c.id()).tokens().receivedAt()).isEqualTo(clock.instant());
    assertThat(bg.runOnce().due()).isZero();
  }
}
