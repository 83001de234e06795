package io.signlink.cli.serve;

import io.signlink.cli.Interrupts;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command ({@code serve}, {@code demo}) in the foreground until Ctrl-C, then
 * runs its clean-up on the interrupt thread before the JVM exits. Thread-safe.
 */
final class Blocking {
  private Blocking() {}

  /** Blocks until Ctrl-C (or {@code stop} is counted down), then runs {@code shutdown} once. */
  static void untilInterrupted(Interrupts interrupts, CountDownLatch stop, Runnable shutdown)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (Interrupts.Registration r =
        interrupts.onInterrupt(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      stop.await();
    } finally {
      try {
        shutdown.run();
      } finally {
        stopped.countDown();
      }
    }
  }
}
