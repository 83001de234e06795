package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import io.signlink.provider.RefreshTokenPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections fresh ahead of use (SECURITY.md §freshness, §startup-shutdown). Each pass reads
 * the connections whose tokens are due by the refresh-ahead rule ({@code min(window, windowFraction
 * × granted lifetime)} left, the callers' rule with a wider window) and refreshes them through the
 * {@link TokenManager} (same single flight, lease, heartbeat and failure rules as callers) with
 * bounded concurrency, a per-provider rate limit and random jitter. No lease is taken before a
 * connection's turn: the rate-limit and jitter waits hold nothing, and the short lease is taken by
 * the token manager only around the refresh itself, so callers on other instances never wait behind
 * a lease nobody is working on. Instances running passes at once visit the due connections in
 * random order and skip those another instance is refreshing.
 *
 * <p>Refresh-token keep-alive (SECURITY.md §refresh-keepalive): for providers whose refresh tokens
 * die when unused ({@link RefreshTokenPolicy#idleLimit()}, DocuSign 30 days), a connection whose
 * tokens were obtained more than {@code idleLimit - keepAliveLead} ago is refreshed even if its
 * access token is fresh; while that fails, a {@link ConnectionEvent.Type#REFRESH_TOKEN_EXPIRING}
 * event is emitted (once per connection and token), which the server counts.
 *
 * <p>{@link #stop()} stops starting refreshes and lets those already sent finish and commit, up to
 * the stop timeout (SECURITY.md §startup-shutdown). Thread-safe; start and stop may be called from
 * any thread.
 */
public final class BackgroundRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundRefresher.class);
  private static final int EXAMINED_PER_BATCH = 5;

  /**
   * What one pass (or, in {@link #totals()}, every pass so far) did with the connections it found
   * due.
   *
   * @param due connections due by the refresh-ahead rule or the keep-alive
   * @param refreshed now hold new tokens
   * @param alreadyFresh were fresh by the time their turn came (another instance or a caller
   *     refreshed them)
   * @param deferred still not fresh but usable: another instance holds the lease, or refreshing
   *     failed and is cooling down (the token manager logs the failure)
   * @param failed refreshing failed with no usable token left
   * @param reauth the grant is dead; the user must reconnect
   * @param abandoned not attempted because the refresher is stopping
   */
  public record Pass(
      long due,
      long refreshed,
      long alreadyFresh,
      long deferred,
      long failed,
      long reauth,
      long abandoned) {}

  private static final int DUE = 0;
  private static final int REFRESHED = 1;
  private static final int ALREADY_FRESH = 2;
  private static final int DEFERRED = 3;
  private static final int FAILED = 4;
  private static final int REAUTH = 5;
  private static final int ABANDONED = 6;

  private final ConnectionStore store;
  private final TokenManager tokens;
  private final BackgroundRefresherSettings settings;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final AtomicLong[] totals = new AtomicLong[7];
  private final Map<String, Instant> agingReported = new ConcurrentHashMap<>();
  private final CountDownLatch stopping = new CountDownLatch(1);
  private ScheduledExecutorService scheduler;
  private boolean ownScheduler;
  private ScheduledFuture<?> passes;
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
    start(Executors.newSingleThreadScheduledExecutor(daemon("signlink-refresh-scheduler")), true);
  }

  /**
   * As {@link #start()}, with the passes scheduled on the caller's {@code scheduler}: {@link
   * #stop()} cancels them and leaves it running. The refreshes themselves still run on the
   * refresher's own pool of {@code concurrency} threads, which bounds how many run at once.
   */
  public synchronized void start(ScheduledExecutorService scheduler) {
    start(Objects.requireNonNull(scheduler, "scheduler"), false);
  }

  private void start(ScheduledExecutorService on, boolean own) {
    if (scheduler != null) {
      if (own) {
        on.shutdown();
      }
      throw new IllegalStateException("the background refresher was already started");
    }
    workers = Executors.newFixedThreadPool(settings.concurrency(), daemon("signlink-refresh"));
    scheduler = on;
    ownScheduler = own;
    long intervalMs = settings.interval().toMillis();
    passes =
        scheduler.scheduleWithFixedDelay(
            this::passQuietly,
            random.nextLong(intervalMs / 4 + 1),
            intervalMs,
            TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one pass now on the calling thread (tests, benchmarks, a "refresh all" command): refreshes
   * due connections batch after batch until a batch comes back short.
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
    long[] t = new long[totals.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = totals[i].get();
    }
    return pass(t);
  }

  /**
   * Stops cleanly (SECURITY.md §startup-shutdown): refreshes not yet started are abandoned (they
   * hold no lease); those already sent finish and commit, for up to the stop timeout.
   */
  public void stop() {
    ScheduledExecutorService s;
    ExecutorService w;
    synchronized (this) {
      stopping.countDown();
      s = ownScheduler ? scheduler : null;
      w = workers;
      if (passes != null) {
        passes.cancel(false); // a pass running on the caller's scheduler sees isStopping()
      }
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
      if (p.due() > 0) {
        log.info(
            "Background refresh pass: {} due, {} refreshed, {} already fresh, {} deferred, {}"
                + " failed, {} need reconnecting, {} abandoned",
            p.due(),
            p.refreshed(),
            p.alreadyFresh(),
            p.deferred(),
            p.failed(),
            p.reauth(),
            p.abandoned());
      }
    } catch (RuntimeException e) {
      // the database may be down; the next pass tries again
      log.warn("Background refresh pass failed: {}", e.getClass().getSimpleName());
    }
  }

  private static Pass pass(long[] c) {
    return new Pass(
        c[DUE], c[REFRESHED], c[ALREADY_FRESH], c[DEFERRED], c[FAILED], c[REAUTH], c[ABANDONED]);
  }

  private Pass pass(ExecutorService pool) {
    long[] counts = new long[totals.length];
    Freshness ahead = settings.aheadOf(tokens.freshness());
    while (!isStopping()) {
      Instant now = clock.instant();
      // the due query bounds by the window only; the lifetime-proportional part is judged here
      List<Connection> examined =
          store.dueForRefresh(
              now.plus(settings.window()), settings.batchSize() * EXAMINED_PER_BATCH);
      List<Connection> due = new ArrayList<>();
      for (Connection c : examined) {
        if (c.tokensReadable()
            && !ahead.fresh(c.tokens().receivedAt(), c.tokens().accessExpiresAt(), now)
            && due.size() < settings.batchSize()) {
          due.add(c);
        }
      }
      boolean full = due.size() == settings.batchSize();
      Collections.shuffle(due, new Random(random.nextLong())); // instances spread over the batch
      counts[DUE] += due.size();
      List<Future<Integer>> results = new ArrayList<>(due.size());
      for (Connection c : due) {
        results.add(pool.submit(() -> refreshOne(c, ahead)));
      }
      for (Future<Integer> f : results) {
        counts[await(f)]++;
      }
      if (!full) {
        break;
      }
    }
    keepAlive(pool, counts);
    for (int i = 0; i < counts.length; i++) {
      totals[i].addAndGet(counts[i]);
    }
    return pass(counts);
  }

  /**
   * Refreshes connections whose refresh token nears its provider's idle limit even though their
   * access token is fresh, so the grant does not age out unused.
   */
  private void keepAlive(ExecutorService pool, long[] counts) {
    for (Map.Entry<String, RefreshTokenPolicy> e : tokens.refreshTokenPolicies().entrySet()) {
      Duration idleLimit = e.getValue().idleLimit();
      if (idleLimit == null || isStopping()) {
        continue;
      }
      // The provider definition's keep_alive_margin, else the refresher's setting.
      Duration wanted =
          e.getValue().keepAliveLead() != null
              ? e.getValue().keepAliveLead()
              : settings.keepAliveLead();
      Duration lead = wanted.compareTo(idleLimit) < 0 ? wanted : idleLimit.dividedBy(2);
      Instant cutoff = clock.instant().minus(idleLimit.minus(lead));
      List<Connection> idle = store.idleSince(e.getKey(), cutoff, settings.batchSize());
      counts[DUE] += idle.size();
      List<Future<Integer>> results = new ArrayList<>(idle.size());
      for (Connection c : idle) {
        results.add(pool.submit(() -> keepAliveOne(c, idleLimit)));
      }
      for (Future<Integer> f : results) {
        counts[await(f)]++;
      }
    }
  }

  private int keepAliveOne(Connection c, Duration idleLimit) throws InterruptedException {
    if (!waitForTurn(c)) {
      return ABANDONED;
    }
    try {
      TokenManager.Ahead a = tokens.keepAlive(c.id(), c.tokens().accessToken());
      if (a.token().issuedAt().isAfter(c.tokens().receivedAt())) {
        agingReported.remove(c.id());
        return a.refreshedHere() ? REFRESHED : ALREADY_FRESH;
      }
      reportAging(c, idleLimit);
      return DEFERRED;
    } catch (ReauthRequiredException e) {
      return REAUTH;
    } catch (RuntimeException e) {
      reportAging(c, idleLimit);
      log.warn(
          "Keep-alive refresh of connection {} failed: {}", c.id(), e.getClass().getSimpleName());
      return FAILED;
    }
  }

  /** Once per connection and token: its refresh token is about to age out unused. */
  private void reportAging(Connection c, Duration idleLimit) {
    Instant obtained = c.tokens().receivedAt();
    if (obtained.equals(agingReported.put(c.id(), obtained))) {
      return;
    }
    Instant dies = obtained.plus(idleLimit);
    log.warn(
        "The refresh token of connection {} at {} has not been used since {} and expires unused"
            + " at {}; keep-alive refreshes are failing",
        c.id(),
        c.providerId(),
        obtained,
        dies);
    tokens.emit(
        ConnectionEvent.of(
            ConnectionEvent.Type.REFRESH_TOKEN_EXPIRING,
            c,
            clock.instant(),
            "idle refresh token expires at " + dies));
  }

  /** Waits for the rate limit and jitter, holding no lease; false when stopping meanwhile. */
  private boolean waitForTurn(Connection c) throws InterruptedException {
    Duration wait =
        limiters
            .computeIfAbsent(
                c.providerId(), p -> new RateLimiter(settings.refreshesPerSecondPerProvider()))
            .reserve(System.nanoTime());
    long jitterMs = settings.maxJitter().toMillis();
    if (jitterMs > 0) {
      wait = wait.plusMillis(random.nextLong(jitterMs + 1));
    }
    return !isStopping()
        && (wait.isZero() || !stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Refreshes one due connection; returns the index of the counter it goes to. */
  private int refreshOne(Connection c, Freshness ahead) throws InterruptedException {
    if (!waitForTurn(c)) {
      return ABANDONED; // not started: nothing to release (SECURITY.md §startup-shutdown)
    }
    try {
      TokenManager.Ahead a = tokens.refreshAhead(c.id(), ahead);
      if (a.refreshedHere()) {
        return REFRESHED;
      }
      AccessToken t = a.token();
      return ahead.fresh(t.issuedAt(), t.expiresAt(), clock.instant())
          ? ALREADY_FRESH // another instance or a caller refreshed it first
          : DEFERRED; // held elsewhere, or failing and cooling down; the token is still usable
    } catch (ReauthRequiredException e) {
      return REAUTH;
    } catch (RuntimeException e) {
      log.warn(
          "Background refresh of connection {} failed: {}", c.id(), e.getClass().getSimpleName());
      return FAILED;
    }
  }

  private static int await(Future<Integer> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ABANDONED;
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
