package io.signlink.server.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Lets through at most {@code perWindow} log lines per window and counts the rest, so a flood of
 * refused requests cannot flood the log (SECURITY.md §rate-limits). The first line let through in a
 * new window learns how many the previous windows suppressed. Thread-safe.
 */
public final class LogSampler {
  /** Whether to log this line, and how many were suppressed since the last one logged. */
  public record Decision(boolean log, long suppressedBefore) {}

  private final int perWindow;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int loggedInWindow;
  private long suppressed;

  public LogSampler(int perWindow, Duration window, LongSupplier nanoTime) {
    if (perWindow < 1) {
      throw new IllegalArgumentException("perWindow must be >= 1");
    }
    this.perWindow = perWindow;
    this.windowNanos = window.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.windowStart = nanoTime.getAsLong();
  }

  public synchronized Decision next() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= windowNanos) {
      windowStart = now;
      loggedInWindow = 0;
    }
    if (loggedInWindow >= perWindow) {
      suppressed++;
      return new Decision(false, 0);
    }
    loggedInWindow++;
    long before = suppressed;
    suppressed = 0;
    return new Decision(true, before);
  }
}
