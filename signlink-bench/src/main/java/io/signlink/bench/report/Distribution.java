package io.signlink.bench.report;

import java.util.Arrays;

/**
 * Summary of a set of durations in nanoseconds: mean, min, max and nearest-rank percentiles.
 * Immutable.
 */
public record Distribution(
    int count,
    double meanNanos,
    long minNanos,
    long p50Nanos,
    long p90Nanos,
    long p99Nanos,
    long maxNanos) {

  public Distribution {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
  }

  /** Summarises {@code samples} (not modified); an empty array gives count 0 and NaN mean. */
  public static Distribution of(long[] samples) {
    if (samples.length == 0) {
      return new Distribution(0, Double.NaN, 0, 0, 0, 0, 0);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long s : sorted) {
      sum += s;
    }
    return new Distribution(
        sorted.length,
        sum / sorted.length,
        sorted[0],
        rank(sorted, 50),
        rank(sorted, 90),
        rank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /**
   * Nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below.
   */
  static long rank(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  public double meanMillis() {
    return meanNanos / 1e6;
  }

  public double minMillis() {
    return minNanos / 1e6;
  }

  public double p50Millis() {
    return p50Nanos / 1e6;
  }

  public double p90Millis() {
    return p90Nanos / 1e6;
  }

  public double p99Millis() {
    return p99Nanos / 1e6;
  }
}
