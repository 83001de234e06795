package io.signlink.server.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a client IP), in this process's memory: each key may spend {@code burst}
 * tokens at once and gets one back every {@code refillEvery}. With several instances each keeps its
 * own buckets, so the effective limit is per instance. The map holds at most {@link #MAX_KEYS}
 * keys: past that, full (idle) buckets are dropped, and if that frees nothing the map is reset,
 * which forgives everyone rather than let a spray of addresses exhaust memory. Time comes from an
 * injected nanosecond source, so tests need not sleep. Thread-safe.
 */
public final class RateLimiter {
  static final int MAX_KEYS = 50_000;

  /** How many tokens a key holds at most and how fast one comes back. */
  public record Rule(String name, int burst, Duration refillEvery) {
    public Rule {
      Objects.requireNonNull(name, "name");
      if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
        throw new IllegalArgumentException("burst must be >= 1 and refillEvery positive");
      }
    }
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  private final Rule rule;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Rule rule, LongSupplier nanoTime) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  public Rule rule() {
    return rule;
  }

  /** Spends a token: empty when allowed, else how long until one is back (nothing spent). */
  public Optional<Duration> tryTake(String key) {
    return spend(key, true);
  }

  /** Whether {@code key} has no token left, without spending: empty when it has one. */
  public Optional<Duration> exhausted(String key) {
    return spend(key, false);
  }

  /** Spends a token if there is one (a failure to count; never refuses). */
  public void record(String key) {
    spend(key, true);
  }

  private Optional<Duration> spend(String key, boolean take) {
    long now = nanoTime.getAsLong();
    if (buckets.size() >= MAX_KEYS && !buckets.containsKey(key)) {
      evict(now);
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(rule.burst(), now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        if (take) {
          b.tokens -= 1;
        }
        return Optional.empty();
      }
      double missing = 1 - b.tokens;
      long waitNanos = Math.round(missing * rule.refillEvery().toNanos());
      return Optional.of(Duration.ofNanos(waitNanos));
    }
  }

  private void refill(Bucket b, long now) {
    long elapsed = now - b.updatedNanos;
    if (elapsed > 0) {
      b.tokens = Math.min(rule.burst(), b.tokens + (double) elapsed / rule.refillEvery().toNanos());
      b.updatedNanos = now;
    }
  }

  private void evict(long now) {
    buckets
        .values()
        .removeIf(
            b -> {
              synchronized (b) {
                refill(b, now);
                return b.tokens >= rule.burst();
              }
            });
    if (buckets.size() >= MAX_KEYS) {
      buckets.clear();
    }
  }

  /** How many keys are tracked (for tests and metrics). */
  int size() {
    return buckets.size();
  }
}
