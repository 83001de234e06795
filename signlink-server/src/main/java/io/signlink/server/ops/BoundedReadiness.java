package io.signlink.server.ops;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A readiness check that answers within a deadline whatever the database does (SECURITY.md
 * §database-outage): the underlying check runs on a thread of its own and the caller waits at most
 * {@code deadline}; a check that is still running then counts as "not ready". A frozen link (the
 * database accepts connections but never answers) therefore yields 503 in time instead of a hung
 * probe. At most one check runs at a time: probes arriving while one runs wait on that one, so a
 * frozen database cannot pile up threads. Thread-safe.
 */
public final class BoundedReadiness implements OpsRoutes.ReadinessCheck {
  /** What {@code /readyz} waits at most: under the usual 1 s probe timeout, with room for HTTP. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofMillis(500);

  private final OpsRoutes.ReadinessCheck check;
  private final long deadlineNanos;
  private CompletableFuture<Void> running;

  public BoundedReadiness(OpsRoutes.ReadinessCheck check, Duration deadline) {
    this.check = Objects.requireNonNull(check, "check");
    this.deadlineNanos = deadline.toNanos();
  }

  @Override
  public void check() {
    CompletableFuture<Void> current = current();
    try {
      current.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the database did not answer within " + deadlineNanos / 1_000_000 + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the readiness check failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking readiness", e);
    }
  }

  private synchronized CompletableFuture<Void> current() {
    if (running == null || running.isDone()) {
      running = CompletableFuture.runAsync(check::check, BoundedReadiness::onDaemonThread);
    }
    return running;
  }

  /** A thread per check: at most one runs at a time, and a stuck one must not block shutdown. */
  private static void onDaemonThread(Runnable task) {
    Thread t = new Thread(task, "signlink-readiness");
    t.setDaemon(true);
    t.start();
  }
}
