package io.signlink.runtime.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a failed webhook delivery is tried again, and when it is given up (SECURITY.md
 * §durable-webhooks). The wait after failed attempt {@code n} is {@code first × 2^(n-1)}, at most
 * {@code max}, of which a random part of up to half is taken off (jitter), so instances that failed
 * together do not retry together. A delivery is retried until {@code retryFor} after its event was
 * written; the first attempt that fails after that gives it up. Immutable.
 *
 * @param first the wait after the first failed attempt
 * @param max the longest wait between attempts
 * @param retryFor how long after its event a delivery is still retried
 */
public record RetrySchedule(Duration first, Duration max, Duration retryFor) {
  /** 10 s, 20 s, 40 s … up to 1 h between attempts, for 24 hours (about 30 attempts). */
  public static RetrySchedule defaults() {
    return new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24));
  }

  public RetrySchedule {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(retryFor, "retryFor");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= max");
    }
    if (retryFor.isNegative()) {
      throw new IllegalArgumentException("retryFor must not be negative");
    }
  }

  /** The wait after {@code attempts} failed attempts (1 for the first), with jitter. */
  public Duration delayAfter(int attempts, RandomGenerator random) {
    long full = ceiling(attempts).toMillis();
    long half = full / 2;
    return Duration.ofMillis(full - random.nextLong(half + 1));
  }

  /** The wait after {@code attempts} failed attempts before jitter takes its part off. */
  public Duration ceiling(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 40));
    long ms = first.toMillis();
    for (int i = 0; i < doublings && ms < max.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, max.toMillis()));
  }
}
