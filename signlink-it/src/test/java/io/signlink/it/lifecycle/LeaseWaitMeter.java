package io.signlink.it.lifecycle;

import io.signlink.connection.ConnectionStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long callers wait on a refresh lease held by another instance: from the first {@code
 * HELD} answer a thread gets to the end of its call ({@link #callEnded()}). A call served the
 * still-usable token at once counts as waiting the few milliseconds it took. Everything goes to the
 * real store. Thread-safe.
 */
final class LeaseWaitMeter extends DelegatingConnectionStore {
  private final ThreadLocal<Long> heldSince = new ThreadLocal<>();
  final AtomicLong maxWaitMillis = new AtomicLong();

  /** The longest wait that ended by taking over a lease its holder never released (it died). */
  final AtomicLong maxDeadWaitMillis = new AtomicLong();

  /** Each takeover after a wait: {@code [epoch ms of the first HELD, epoch ms of the takeover]}. */
  final java.util.Queue<long[]> takeovers = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final ThreadLocal<Long> heldSinceEpoch = new ThreadLocal<>();

  LeaseWaitMeter(ConnectionStore real) {
    super(real);
  }

  /** Ends the current thread's call: a wait in progress is measured and recorded. */
  void callEnded() {
    Long since = heldSince.get();
    if (since != null) {
      maxWaitMillis.accumulateAndGet((System.nanoTime() - since) / 1_000_000, Math::max);
      heldSince.remove();
      heldSinceEpoch.remove();
    }
  }

  @Override
  public LeaseGrant acquireLease(String id, String holder, Duration ttl) {
    LeaseGrant g = real.acquireLease(id, holder, ttl);
    if (g == LeaseGrant.HELD && heldSince.get() == null) {
      heldSince.set(System.nanoTime());
      heldSinceEpoch.set(System.currentTimeMillis());
    } else if (g != LeaseGrant.HELD) {
      Long since = heldSince.get();
      if (g == LeaseGrant.TAKEN_OVER && since != null) {
        maxDeadWaitMillis.accumulateAndGet((System.nanoTime() - since) / 1_000_000, Math::max);
        takeovers.add(new long[] {heldSinceEpoch.get(), System.currentTimeMillis()});
      }
      callEnded();
    }
    return g;
  }
}
