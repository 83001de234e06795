package io.signlink.bench.load;

import io.signlink.bench.report.Distribution;
import java.util.Arrays;

/**
 * What one closed-loop load run measured: the latency of every successful request, the failures and
 * the wall time. Runs of the same request add up with {@link #plus}. Immutable (the samples are
 * never exposed).
 */
final class LoadResult {
  private final long[] latencies;
  private final long errors;
  private final long nanos;
  private final String firstError;

  LoadResult(long[] latencies, long errors, long nanos, String firstError) {
    this.latencies = latencies.clone();
    this.errors = errors;
    this.nanos = nanos;
    this.firstError = firstError;
  }

  LoadResult plus(LoadResult other) {
    long[] both = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
    System.arraycopy(other.latencies, 0, both, latencies.length, other.latencies.length);
    return new LoadResult(
        both,
        errors + other.errors,
        nanos + other.nanos,
        firstError != null ? firstError : other.firstError);
  }

  LoadResult withWallNanos(long wall) {
    return new LoadResult(latencies, errors, wall, firstError);
  }

  long successes() {
    return latencies.length;
  }

  long errors() {
    return errors;
  }

  /** The first failure seen (status or exception type), or {@code null}. */
  String firstError() {
    return firstError;
  }

  /** Successful responses per second of wall time. */
  double throughput() {
    return nanos == 0 ? Double.NaN : latencies.length / (nanos / 1e9);
  }

  Distribution latency() {
    return Distribution.of(latencies);
  }
}
