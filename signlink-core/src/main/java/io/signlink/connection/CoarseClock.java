package io.signlink.connection;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A millisecond clock for {@link TokenManager}'s hot path: {@link #millis()} returns a volatile
 * field that a daemon thread refreshes every {@code resolution}, because reading the OS clock costs
 * ~30 ns on some virtual machines, ten times a map lookup. It lags real time by at most the
 * resolution (default 5 ms), which cannot matter against a safety margin of minutes (SECURITY.md
 * §freshness): a token served with a stale reading is still valid for the margin minus the
 * resolution. {@link #instant()} reads the underlying clock, so every decision off the hot path is
 * exact. The ticker stops when {@link #close()} is called or the clock is garbage-collected.
 * Thread-safe.
 */
final class CoarseClock extends Clock implements AutoCloseable {
  private final Clock precise;
  private final ScheduledExecutorService ticker;
  private volatile long now;

  CoarseClock(Clock precise, Duration resolution) {
    this.precise = precise;
    this.now = precise.millis();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signlink-coarse-clock");
              t.setDaemon(true);
              return t;
            });
    WeakReference<CoarseClock> self = new WeakReference<>(this);
    ScheduledExecutorService own = ticker;
    long period = Math.max(1, resolution.toMillis());
    ticker.scheduleAtFixedRate(
        () -> {
          CoarseClock c = self.get();
          if (c == null) {
            own.shutdown(); // the manager is gone; so is this thread
          } else {
            c.now = c.precise.millis();
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public Instant instant() {
    return precise.instant();
  }

  @Override
  public ZoneId getZone() {
    return precise.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return precise.withZone(zone);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
