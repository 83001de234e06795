package io.signlink.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.TransientException;
import io.signlink.testing.MutableClock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryPendingAuthorizationStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final AuthorizationRequests requests = new AuthorizationRequests(clock);

  private PendingAuthorization pending() {
    return requests
        .start(
            TestProfiles.oauth("p", "https://as.example").build(),
            "o",
            URI.create("https://app.example/callback/p"),
            null,
            null)
        .pending();
  }

  @Test
  void takeIsSingleUse() { // SECURITY.md §pending-authorizations
    var store = new InMemoryPendingAuthorizationStore(clock);
    PendingAuthorization p = pending();
    store.save(p);

    assertThat(store.take(p.state().reveal())).contains(p);
    assertThat(store.take(p.state().reveal())).isEmpty();
  }

  @Test
  void ofManyConcurrentTakesExactlyOneWins()
      throws Exception { // SECURITY.md §pending-authorizations
    var store = new InMemoryPendingAuthorizationStore(clock);
    PendingAuthorization p = pending();
    store.save(p);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return store.take(p.state().reveal()).isPresent();
              }));
    }
    go.countDown();
    int winners = 0;
    for (Future<Boolean> f : results) {
      winners += f.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(winners).isEqualTo(1);
  }

  @Test
  void purgesOnlyExpiredEntries() { // SECURITY.md §pending-authorizations
    var store = new InMemoryPendingAuthorizationStore(clock);
    store.save(pending());
    clock.advance(Duration.ofMinutes(5));
    PendingAuthorization young = pending();
    store.save(young);
    clock.advance(Duration.ofMinutes(6));

    assertThat(store.purgeExpired(clock.instant())).isEqualTo(1);
    assertThat(store.take(young.state().reveal())).isPresent();
  }

  @Test
  void refusesNewSignInsWhenFullOfLiveOnes() { // SECURITY.md §pending-authorizations
    var store = new InMemoryPendingAuthorizationStore(clock, 2);
    store.save(pending());
    store.save(pending());

    assertThatThrownBy(() -> store.save(pending()))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("Too many sign-ins");
    clock.advance(Duration.ofMinutes(11));
    store.save(pending()); // expired ones make room
    assertThat(store.size()).isEqualTo(1);
  }
}
