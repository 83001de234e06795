package io.signlink.provider.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GrantTokenCacheTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final AtomicInteger grants = new AtomicInteger();

  private TokenSet issue() {
    int n = grants.incrementAndGet();
    Instant now = clock.instant();
    return new TokenSet(
        Secret.of("grant-" + n), "Bearer", null, null, Set.of(), now, now.plusSeconds(3600), null);
  }

  private final GrantTokenCache cache =
      new GrantTokenCache(this::issue, clock, Duration.ofSeconds(60));

  @Test
  void reusesTheTokenUntilItIsWithinTheMarginOfExpiry() { // SECURITY.md §freshness
    assertThat(cache.current()).isEqualTo(Secret.of("grant-1"));
    clock.advance(Duration.ofSeconds(3600 - 61));
    assertThat(cache.current()).isEqualTo(Secret.of("grant-1"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.current()).isEqualTo(Secret.of("grant-2"));
    assertThat(grants).hasValue(2);
  }

  @Test
  void aRejectedTokenIsReplacedByANewGrant() { // SECURITY.md §retry-on-401
    Secret first = cache.current();

    assertThat(cache.refreshed(first)).isEqualTo(Secret.of("grant-2"));
    assertThat(cache.current()).isEqualTo(Secret.of("grant-2"));
    assertThat(grants).hasValue(2);
  }

  @Test
  void aCallerWithAnAlreadyReplacedTokenGetsTheReplacementWithoutANewGrant() {
    Secret first = cache.current();
    cache.refreshed(first);

    assertThat(cache.refreshed(first)).isEqualTo(Secret.of("grant-2"));
    assertThat(grants).hasValue(2);
  }

  @Test
  void manyConcurrentCallersCauseOneGrant() throws Exception { // SECURITY.md §single-refresh
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Secret>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return cache.current();
              }));
    }
    go.countDown();
    for (Future<Secret> f : results) {
      assertThat(f.get()).isEqualTo(Secret.of("grant-1"));
    }
    pool.shutdown();
    assertThat(grants).hasValue(1);
  }
}
