package io.signlink.connection;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BackgroundRefresher} keeps connections fresh. Immutable.
 *
 * @param window the most remaining life at which a connection is refreshed ahead of use (default 10
 *     minutes); like the callers' margin it is scaled to each token's granted lifetime: a token is
 *     refreshed ahead when it has less than {@code min(window, windowFraction × lifetime)} left
 *     (SECURITY.md §freshness)
 * @param windowFraction the part of a token's granted lifetime at which it is refreshed ahead
 *     (default ½, between the token manager's fraction and 0.9), so callers rarely meet a stale
 *     token
 * @param batchSize due connections examined per query (default 100)
 * @param concurrency refreshes running at once in this instance (default 4)
 * @param refreshesPerSecondPerProvider rate limit per provider in this instance (default 10,
 *     SECURITY.md §startup-shutdown)
 * @param maxJitter each refresh waits a random delay up to this before sending (default 2 s,
 *     SECURITY.md §startup-shutdown); no lease is held while waiting
 * @param interval pause between passes over the due connections (default 30 s)
 * @param keepAliveLead a refresh token of a provider with an idle limit (DocuSign: 30 days) is
 *     refreshed once it has been idle for the limit minus this lead (default 3 days), and reported
 *     as about to age out while that keep-alive fails
 * @param stopTimeout how long {@link BackgroundRefresher#stop()} lets running refreshes finish
 */
public record BackgroundRefresherSettings(
    Duration window,
    double windowFraction,
    int batchSize,
    int concurrency,
    double refreshesPerSecondPerProvider,
    Duration maxJitter,
    Duration interval,
    Duration keepAliveLead,
    Duration stopTimeout) {

  public BackgroundRefresherSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(maxJitter, "maxJitter");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(keepAliveLead, "keepAliveLead");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (batchSize < 1 || concurrency < 1 || refreshesPerSecondPerProvider <= 0) {
      throw new IllegalArgumentException("batchSize, concurrency and the rate must be positive");
    }
    if (maxJitter.isNegative() || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "maxJitter must not be negative; interval must be positive");
    }
    if (!(windowFraction > 0 && windowFraction <= 0.9)) {
      throw new IllegalArgumentException(
          "windowFraction must be above 0 and at most 0.9, was " + windowFraction);
    }
    if (keepAliveLead.isNegative() || keepAliveLead.isZero()) {
      throw new IllegalArgumentException("keepAliveLead must be positive");
    }
  }

  public static BackgroundRefresherSettings defaults() {
    return new BackgroundRefresherSettings(
        Duration.ofMinutes(10),
        0.5,
        100,
        4,
        10.0,
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Duration.ofDays(3),
        Duration.ofSeconds(20));
  }

  /** The refresh-ahead rule, with the token manager's floor. */
  Freshness aheadOf(Freshness callers) {
    return callers.with(window, windowFraction);
  }

  public BackgroundRefresherSettings withWindow(Duration v) {
    return new BackgroundRefresherSettings(
        v,
        windowFraction,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withWindowFraction(double v) {
    return new BackgroundRefresherSettings(
        window,
        v,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withBatchSize(int v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        v,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withConcurrency(int v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        v,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withRate(double v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        concurrency,
        v,
        maxJitter,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withMaxJitter(Duration v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        v,
        interval,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withInterval(Duration v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        v,
        keepAliveLead,
        stopTimeout);
  }

  public BackgroundRefresherSettings withKeepAliveLead(Duration v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        v,
        stopTimeout);
  }

  public BackgroundRefresherSettings withStopTimeout(Duration v) {
    return new BackgroundRefresherSettings(
        window,
        windowFraction,
        batchSize,
        concurrency,
        refreshesPerSecondPerProvider,
        maxJitter,
        interval,
        keepAliveLead,
        v);
  }
}
