package io.signlink.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what expired, on a schedule, so tables fed by anonymous requests shrink back without
 * waiting for the next request (SECURITY.md §pending-authorizations). Each task returns how many
 * rows it removed; a failing task is logged and retried on the next round, never stopping the
 * others. One daemon thread, or the application's scheduler ({@link
 * #start(ScheduledExecutorService)}). Thread-safe; add tasks before starting.
 */
public final class Housekeeping implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  /** How often the tasks run. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private record Task(String name, IntSupplier run) {}

  private final Duration interval;
  private final List<Task> tasks = new ArrayList<>();
  private ScheduledExecutorService scheduler; // only when it is our own
  private ScheduledFuture<?> rounds;

  public Housekeeping(Duration interval) {
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /** Adds a task: {@code run} deletes what expired and returns how many rows it removed. */
  public synchronized Housekeeping add(String name, IntSupplier run) {
    tasks.add(new Task(name, run));
    return this;
  }

  /** Runs every task now, on the caller's thread; returns the rows removed in all. */
  public int runOnce() {
    List<Task> copy;
    synchronized (this) {
      copy = List.copyOf(tasks);
    }
    int removed = 0;
    for (Task t : copy) {
      try {
        int n = t.run().getAsInt();
        removed += n;
        if (n > 0) {
          LOG.debug("housekeeping removed {} expired {}", n, t.name());
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "housekeeping of {} failed ({}); retrying in {}",
            t.name(),
            e.getClass().getSimpleName(),
            interval);
      }
    }
    return removed;
  }

  /** Starts the schedule; the first round runs after one interval. */
  public synchronized void start() {
    if (rounds != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signlink-housekeeping");
              t.setDaemon(true);
              return t;
            });
    schedule(scheduler);
  }

  /** Starts the schedule on the caller's scheduler, which {@link #close()} leaves running. */
  public synchronized void start(ScheduledExecutorService on) {
    if (rounds == null) {
      schedule(Objects.requireNonNull(on, "on"));
    }
  }

  private void schedule(ScheduledExecutorService on) {
    long ms = interval.toMillis();
    rounds = on.scheduleWithFixedDelay(this::runOnce, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (rounds != null) {
      rounds.cancel(false);
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
