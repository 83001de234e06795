package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void aBurstBecomesASteadyStream() {
    RateLimiter limiter = new RateLimiter(10);
    assertThat(limiter.reserve(0)).isEqualTo(Duration.ZERO);
    assertThat(limiter.reserve(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.reserve(0)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void anIdleLimiterDoesNotSaveUpABurst() {
    RateLimiter limiter = new RateLimiter(10);
    limiter.reserve(0);
    long later = Duration.ofSeconds(5).toNanos();
    assertThat(limiter.reserve(later)).isEqualTo(Duration.ZERO);
    assertThat(limiter.reserve(later)).isEqualTo(Duration.ofMillis(100));
  }
}
