package io.signlink.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.TransientException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** How verified API keys are remembered, re-checked and kept through a database outage. */
class VerifiedKeyCacheTest {
  static final Duration RECHECK = Duration.ofSeconds(5);

  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AtomicInteger lookups = new AtomicInteger();
  final VerifiedKeyCache<String> cache =
      new VerifiedKeyCache<>(
          RECHECK,
          Duration.ofMillis(250),
          Duration.ofSeconds(1),
          Duration.ofHours(24),
          100,
          now::get);

  void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  Supplier<Optional<String>> answer(Optional<String> result) {
    return () -> {
      lookups.incrementAndGet();
      return result;
    };
  }

  Supplier<Optional<String>> databaseDown() {
    return () -> {
      lookups.incrementAndGet();
      throw new TransientException(
          TransientException.Kind.DATABASE_UNAVAILABLE, "down", null, false, null);
    };
  }

  @Test
  void aVerifiedKeyIsServedFromMemoryUntilItsRecheck() {
    assertThat(cache.verify("k", answer(Optional.of("key")))).hasValue("key");
    advance(RECHECK.minusMillis(1));
    assertThat(cache.verify("k", answer(Optional.empty()))).hasValue("key");
    assertThat(lookups).hasValue(1);
  }

  @Test
  void aKeyRevokedInTheDatabaseIsRefusedAtItsRecheck() {
    cache.verify("k", answer(Optional.of("key")));
    advance(RECHECK);
    assertThat(cache.verify("k", answer(Optional.empty()))).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void anUnknownKeyIsNeitherRememberedNorServedWhenTheDatabaseIsDown() {
    assertThat(cache.verify("nope", answer(Optional.empty()))).isEmpty();
    assertThat(cache.size()).isZero();
    assertThatThrownBy(() -> cache.verify("never-seen", databaseDown()))
        .isInstanceOf(TransientException.class);
  }

  @Test
  void aVerifiedKeyKeepsWorkingWhileTheDatabaseIsDownAndIsRecheckedOncePerRetry() {
    cache.verify("k", answer(Optional.of("key")));
    advance(RECHECK);
    assertThat(cache.verify("k", databaseDown())).hasValue("key");
    Awaitility.await().until(() -> cache.verify("k", databaseDown()).isPresent() && settled());
    int after = lookups.get();
    for (int i = 0; i < 20; i++) {
      assertThat(cache.verify("k", databaseDown())).hasValue("key");
    }
    assertThat(lookups).hasValue(after); // within the 1 s retry pause: no new lookup
    advance(Duration.ofSeconds(1));
    assertThat(cache.verify("k", answer(Optional.empty()))).isEmpty(); // back, and revoked
  }

  @Test
  void aFrozenDatabaseCostsOneRequestTheWaitAndTheOthersNothing() throws Exception {
    cache.verify("k", answer(Optional.of("key")));
    advance(RECHECK);
    CountDownLatch release = new CountDownLatch(1);
    Supplier<Optional<String>> frozen =
        () -> {
          lookups.incrementAndGet();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.of("key");
        };
    long t0 = System.nanoTime();
    assertThat(cache.verify("k", frozen)).hasValue("key");
    long waited = (System.nanoTime() - t0) / 1_000_000;
    // waited its 250 ms, not until the frozen lookup came back (60 s)
    assertThat(waited).isBetween(200L, 30_000L);
    long t1 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      assertThat(cache.verify("k", frozen)).hasValue("key");
    }
    // the others do not wait: 100 waits of 250 ms would be 25 s; the bound leaves room for a
    // loaded machine
    assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(10_000);
    assertThat(lookups).hasValue(2);
    release.countDown();
  }

  @Test
  void theLastVerdictStandsAtMostMaxStaleThenTheDatabaseDecides() {
    cache.verify("k", answer(Optional.of("key")));
    advance(Duration.ofHours(24));
    assertThatThrownBy(() -> cache.verify("k", databaseDown()))
        .isInstanceOf(TransientException.class);
  }

  /** True once no background re-check is running (the entry has a future retry time). */
  private boolean settled() {
    int before = lookups.get();
    cache.verify("k", databaseDown());
    return lookups.get() == before;
  }

  @Test
  void aKeyRevokedThroughThisProcessIsForgottenAtOnce() {
    cache.verify("k", answer(Optional.of("key-1")));
    cache.verify("other", answer(Optional.of("key-2")));
    cache.forget("key-1"::equals);
    assertThat(cache.verify("k", answer(Optional.empty()))).isEmpty();
    assertThat(cache.verify("other", answer(Optional.empty()))).hasValue("key-2");
  }
}
