package io.signlink.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BackgroundRefresher} keeps connections fresh. Immutable.
 *
 * @param window connections whose access token expires within this window are refreshed (default 10
 *     minutes; must exceed the token manager's safety margin so callers rarely wait)
 * @param batchSize connections leased per query (default 100)
 * @param concurrency refreshes running at once in this instance (default 4)
 * @param refreshesPerSecondPerProvider rate limit per provider in this instance (default 10,
 *     SECURITY.md §startup-shutdown)
 * @param maxJitter each refresh waits a random delay up to this before sending (default 2 s,
 *     SECURITY.md §startup-shutdown)
 * @param interval pause between passes over the due connections (default 30 s)
 * @param leaseTtl lease taken on each leased connection (default 30 s)
 * @param stopTimeout how long {@link BackgroundRefresher#stop()} lets running refreshes finish
 */
public record BackgroundRefresherSettings(
    Duration window,
    int batchSize,
    int concurrency,
    double refreshesPerSecondPerProvider,
    Duration maxJitter,
    Duration interval,
    Duration leaseTtl,
    Duration stopTimeout) {

  public BackgroundRefresherSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(maxJitter, "maxJitter");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(leaseTtl, "leaseTtl");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (batchSize < 1 || concurrency < 1 || refreshesPerSecondPerProvider <= 0) {
      throw new IllegalArgumentException("batchSize, concurrency and the rate must be positive");
    }
    if (maxJitter.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "maxJitter must not be negative; interval must be positive");
    }
  }

  public static BackgroundRefresherSettings defaults() {
    return new BackgroundRefresherSettings(
        Duration.ofMinutes(10),
        100,
        4,
        10.0,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(20));
  }

  public BackgroundRefresherSettings withWindow(Duration d) {
    return new BackgroundRefresherSettings(
        d,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withBatchSize(int n) {
    return new BackgroundRefresherSettings(
        window,
        n,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withConcurrency(int n) {
    return new BackgroundRefresherSettings(
        window,
        batchSize,
        n,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withRate(double perSecondPerProvider) {
    return new BackgroundRefresherSettings(
        window,
        batchSize,
        concurrency,
        perSecondPerProvider,
        maxJitter,
        interval,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withMaxJitter(Duration d) {
    return new BackgroundRefresherSettings(
        window,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        d,
        interval,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withInterval(Duration d) {
    return new BackgroundRefresherSettings(
        window,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        d,
        leaseTtl,
        stopTimeout);
  }

  public BackgroundRefresherSettings withStopTimeout(Duration d) {
    return new BackgroundRefresherSettings(
        window,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        leaseTtl,
        d);
  }
}
