package io.signlink.connection;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Delay before a refresh retry: exponential from a base, with jitter so that many connections
 * failing together do not retry together (SECURITY.md §provider-faults, §startup-shutdown), and the
 * provider's {@code Retry-After} honoured when it is under the cap, failing fast when it is not
 * (SECURITY.md §provider-faults). Thread-safe if the random generator is.
 */
final class Backoff {
  private final Duration base;
  private final Duration retryAfterCap;
  private final RandomGenerator random;

  Backoff(Duration base, Duration retryAfterCap, RandomGenerator random) {
    this.base = base;
    this.retryAfterCap = retryAfterCap;
    this.random = random;
  }

  /**
   * The delay before retry number {@code retry} (1-based), or empty when the provider asked for
   * longer than the cap and the caller should give up now and pass {@code Retry-After} on.
   */
  Optional<Duration> beforeRetry(int retry, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.compareTo(retryAfterCap) > 0 ? Optional.empty() : Optional.of(asked);
    }
    long ceiling = base.toMillis() << Math.min(retry - 1, 16);
    long half = ceiling / 2;
    // "equal jitter": half fixed, half random, so the delay never collapses to zero
    return Optional.of(Duration.ofMillis(half + random.nextLong(half + 1)));
  }
}
