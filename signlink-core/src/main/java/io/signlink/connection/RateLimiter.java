package io.signlink.connection;

import java.time.Duration;

/**
 * Spaces events at a fixed rate by handing out send slots: {@link #reserve(long)} returns how long
 * the caller must wait for its slot. Used per provider by the background refresher so a burst of
 * due connections becomes a steady stream (SECURITY.md §startup-shutdown). Thread-safe.
 */
final class RateLimiter {
  private final long intervalNanos;
  private long nextSlot = Long.MIN_VALUE;

  RateLimiter(double perSecond) {
    this.intervalNanos = Math.max(1L, (long) (1_000_000_000L / perSecond));
  }

  /** Takes the next slot; returns the wait until it (zero when the slot is now). */
  synchronized Duration reserve(long nowNanos) {
    long slot = nextSlot == Long.MIN_VALUE || nextSlot - nowNanos < 0 ? nowNanos : nextSlot;
    nextSlot = slot + intervalNanos;
    return Duration.ofNanos(slot - nowNanos);
  }
}
