package io.signlink.connection;

import java.time.Duration;

/**
 * How the token lifecycle waits (retry backoff, lease polling, rate limits): the real thread sleep
 * in production, a recording or clock-advancing fake in tests, so no test sleeps for timing.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits for {@code duration}; throws when the thread is interrupted. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(long, int)}. */
  static Sleeper system() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
      }
    };
  }
}
