package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections fresh ahead of use (SECURITY.md §freshness, §startup-shutdown). Each pass
 * leases a batch of connections expiring within the window ({@link ConnectionStore#leaseDue}:
 * PostgreSQL {@code FOR UPDATE SKIP LOCKED}, so several instances share the work without overlap),
 * refreshes them through the {@link TokenManager} (same single flight, lease holder and failure
 * rules as callers) with bounded concurrency, a per-provider rate limit and random jitter, and
 * repeats while batches come back full.
 *
 * <p>{@link #stop()} stops leasing, abandons refreshes that have not been sent yet (their leases
 * are released), and lets those already sent finish and commit, up to the stop timeout (SECURITY.md
 * §startup-shutdown). Thread-safe; start and stop may be called from any thread.
 */
public final class BackgroundRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundRefresher.class);

  /** What one pass (or, in {@link #totals()}, every pass so far) did. */
  public record Pass(
      long leased, long refreshed, long alreadyFresh, long failed, long reauth, long abandoned) {}

  private final ConnectionStore store;
  private final TokenManager tokens;
  private final BackgroundRefresherSettings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final AtomicLong[] totals = new AtomicLong[6];
  private final CountDownLatch stopping = new CountDownLatch(1);
  private ScheduledExecutorService scheduler;
  private ExecutorService workers;

  public BackgroundRefresher(
      ConnectionStore store,
      TokenManager tokens,
      BackgroundRefresherSettings settings,
      Clock clock,
      RandomGenerator random) {
    this.store = Objects.requireNonNull(store, "store");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    for (int i = 0; i < totals.length; i++) {
      totals[i] = new AtomicLong();
    }
  }

  /**
   * Starts passes every {@code interval} (the first after a random part of it, SECURITY.md
   * §startup-shutdown).
   */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("the background refresher was already started");
    }
    workers = Executors.newFixedThreadPool(settings.concurrency(), daemon("signlink-refresh"));
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("signlink-refresh-scheduler"));
    long intervalMs = settings.interval().toMillis();
    scheduler.scheduleWithFixedDelay(
        this::passQuietly, random.nextLong(intervalMs / 4 + 1), intervalMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one pass now on the calling thread (tests, benchmarks, a "refresh all" command): leases
   * and refreshes due connections batch after batch until a batch comes back short.
   */
  public Pass runOnce() {
    ExecutorService pool;
    boolean own = false;
    synchronized (this) {
      pool = workers;
      if (pool == null) {
        pool = Executors.newFixedThreadPool(settings.concurrency(), daemon("signlink-refresh"));
        own = true;
      }
    }
    try {
      return pass(pool);
    } finally {
      if (own) {
        pool.shutdown();
      }
    }
  }

  /** Totals over every pass since construction. */
  public Pass totals() {
    return new Pass(
        totals[0].get(),
        totals[1].get(),
        totals[2].get(),
        totals[3].get(),
        totals[4].get(),
        totals[5].get());
  }

  /**
   * Stops cleanly (SECURITY.md §startup-shutdown): no new leases; refreshes not yet sent are
   * abandoned and their leases released; those already sent finish and commit, for up to the stop
   * timeout.
   */
  public void stop() {
    ScheduledExecutorService s;
    ExecutorService w;
    synchronized (this) {
      stopping.countDown();
      s = scheduler;
      w = workers;
    }
    try {
      long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
      if (s != null) {
        s.shutdown();
        s.awaitTermination(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      if (w != null) {
        w.shutdown();
        if (!w.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          log.warn(
              "Background refreshes still running after the stop timeout; their leases expire by themselves");
          w.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isStopping() {
    return stopping.getCount() == 0;
  }

  private void passQuietly() {
    try {
      Pass p = pass(workers);
      if (p.leased() > 0) {
        log.info("Background refresh pass: {}", p);
      }
    } catch (RuntimeException e) {
      // the database may be down; the next pass tries again
      log.warn("Background refresh pass failed: {}", e.getClass().getSimpleName());
    }
  }

  private Pass pass(ExecutorService pool) {
    long[] counts = new long[6];
    while (!isStopping()) {
      List<Connection> due =
          store.leaseDue(
              clock.instant().plus(settings.window()),
              settings.batchSize(),
              tokens.holder(),
              settings.leaseTtl());
      counts[0] += due.size();
      List<Future<Integer>> results = new ArrayList<>(due.size());
      for (Connection c : due) {
        results.add(pool.submit(() -> refreshOne(c)));
      }
      for (Future<Integer> f : results) {
        counts[await(f)]++;
      }
      if (due.size() < settings.batchSize()) {
        break;
      }
    }
    for (int i = 0; i < counts.length; i++) {
      totals[i].addAndGet(counts[i]);
    }
    return new Pass(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
  }

  /** Refreshes one leased connection; returns the index of the counter it goes to. */
  private int refreshOne(Connection c) throws InterruptedException {
    Duration wait =
        limiters
            .computeIfAbsent(
                c.providerId(), p -> new RateLimiter(settings.refreshesPerSecondPerProvider()))
            .reserve(System.nanoTime());
    long jitterMs = settings.maxJitter().toMillis();
    if (jitterMs > 0) {
      wait = wait.plusMillis(random.nextLong(jitterMs + 1));
    }
    if (isStopping()
        || (!wait.isZero() && stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS))) {
      tokens.releaseIdleLease(c.id()); // abandoned before sending (SECURITY.md §startup-shutdown)
      return 5;
    }
    try {
      AccessToken t = tokens.refreshAhead(c.id(), settings.window());
      if (!t.validFor(clock.instant(), settings.window())) {
        return 3; // still failing; the token manager keeps serving the valid token and cools down
      }
      return t.version() != c.version() ? 1 : 2;
    } catch (ReauthRequiredException e) {
      return 4;
    } catch (RuntimeException e) {
      log.warn(
          "Background refresh of connection {} failed: {}", c.id(), e.getClass().getSimpleName());
      return 3;
    } finally {
      tokens.releaseIdleLease(c.id());
    }
  }

  private static int await(Future<Integer> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 5;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
