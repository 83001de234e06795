package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final RateLimiter limiter =
      new RateLimiter(new RateLimiter.Rule("test", 3, Duration.ofSeconds(6)), nanos::get);

  @Test
  void aBurstIsAllowedThenTheClientWaitsForTheNextToken() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryTake("10.0.0.1")).isEmpty();
    }
    assertThat(limiter.tryTake("10.0.0.1")).hasValue(Duration.ofSeconds(6));
    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(limiter.tryTake("10.0.0.1")).hasValue(Duration.ofSeconds(2));
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(limiter.tryTake("10.0.0.1")).isEmpty();
    assertThat(limiter.tryTake("10.0.0.1")).isPresent();
  }

  @Test
  void eachClientHasItsOwnBucket() {
    for (int i = 0; i < 3; i++) {
      limiter.tryTake("10.0.0.1");
    }
    assertThat(limiter.tryTake("10.0.0.1")).isPresent();
    assertThat(limiter.tryTake("10.0.0.2")).isEmpty();
  }

  @Test
  void anIdleClientSavesUpNoMoreThanTheBurst() {
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryTake("10.0.0.1")).isEmpty();
    }
    assertThat(limiter.tryTake("10.0.0.1")).isPresent();
  }

  @Test
  void failuresAreRecordedAndCheckedWithoutSpendingOnTheCheck() {
    assertThat(limiter.exhausted("10.0.0.1")).isEmpty();
    assertThat(limiter.exhausted("10.0.0.1")).isEmpty();
    for (int i = 0; i < 3; i++) {
      limiter.record("10.0.0.1");
    }
    assertThat(limiter.exhausted("10.0.0.1")).hasValue(Duration.ofSeconds(6));
    limiter.record("10.0.0.1"); // never refuses, never goes negative
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(limiter.exhausted("10.0.0.1")).isEmpty();
  }

  @Test
  void aSprayOfAddressesCannotGrowTheMapBeyondItsBound() {
    for (int i = 0; i < RateLimiter.MAX_KEYS + 5_000; i++) {
      limiter.tryTake("addr-" + i);
    }
    assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_KEYS);
  }
}
