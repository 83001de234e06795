package io.signlink.bench.lifecycle;

import io.signlink.connection.BackgroundRefresher;
import io.signlink.connection.BackgroundRefresherSettings;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionEvents;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenRefresher;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.crypto.Keysets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Load driver: {@code signlink.bench.connections} connections (default 100,000) in PostgreSQL, all
 * expiring within the background refresher's window, kept fresh by one {@link BackgroundRefresher}
 * pass (batches of due connections, each refreshed under its own short lease, 4 at once). The
 * refresher answers locally (no HTTP) so the figure is SignLink's own cost: lease, re-read,
 * encryption, compare-and-set, and the {@code connection.refreshed} row of the event log written in
 * the refresh's own transaction, as the runtime wires it. Reports refreshes per second, peak heap
 * used, and the time of the due query over the full table; beside the rate, the same pass on a
 * second table with the event written in a transaction of its own after the refresh's commit (an
 * event a crash can lose: the anchor the one-transaction write costs against). Not thread-safe.
 */
final class BackgroundRefreshLoad {
  static final String PG =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private BackgroundRefreshLoad() {}

  /** What to do with a store on a fresh schema, dropped afterwards. */
  private interface OnSchema<T> {
    T run(SignLinkStore store) throws Exception;
  }

  static List<Figure> run() throws Exception {
    int n = Integer.getInteger("signlink.bench.connections", 100_000);
    List<Figure> figures = onFreshSchema(store -> measured(store, n));
    double apart = onFreshSchema(store -> eventApartRate(store, n));
    Figure rate = figures.get(0);
    figures.set(
        0,
        new Figure(
            rate.benchmark(),
            rate.metric(),
            rate.value(),
            rate.unit(),
            String.format(
                Locale.ROOT,
                "%.0f/s with the event in its own transaction after the commit (%.2fx)",
                apart,
                rate.value() / apart),
            rate.note()));
    return figures;
  }

  private static <T> T onFreshSchema(OnSchema<T> work) throws Exception {
    String schema = "sl_bench_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
    try (var c = DriverManager.getConnection(PG);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path dir = Files.createTempDirectory("signlink-bench-");
    Path keyset = dir.resolve("keyset.json");
    Keysets.createFile(keyset);
    try (SignLinkStore store =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema)
                .dataDir(dir)
                .keyset(KeysetSource.file(keyset))
                .poolSize(8)
                .build())) {
      return work.run(store);
    } finally {
      try (var c = DriverManager.getConnection(PG);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /**
   * The background refresher over {@code n} due connections with the events the runtime records.
   */
  private static BackgroundRefresher refresher(SignLinkStore store, boolean eventInTransaction) {
    TokenRefresher local =
        conn -> tokens(Instant.now(), Duration.ofHours(8), "rt-" + conn.id().hashCode());
    ConnectionEvents events = new ConnectionEvents();
    if (eventInTransaction) {
      events.registerRecorder(store.events());
    } else {
      events.register(store.events());
    }
    TokenManager manager = TokenManager.builder(store.connections(), local).events(events).build();
    return new BackgroundRefresher(
        store.connections(),
        manager,
        BackgroundRefresherSettings.defaults()
            .withBatchSize(500)
            .withConcurrency(4)
            .withRate(1_000_000)
            .withMaxJitter(Duration.ZERO),
        Clock.systemUTC(),
        RandomGenerator.getDefault());
  }

  /** Refreshes per second of one pass with the event written apart, after the commit. */
  private static double eventApartRate(SignLinkStore store, int n) throws Exception {
    seed(store.connections(), n);
    BackgroundRefresher refresher = refresher(store, false);
    long start = System.nanoTime();
    BackgroundRefresher.Pass pass = refresher.runOnce();
    return pass.refreshed() / ((System.nanoTime() - start) / 1e9);
  }

  private static List<Figure> measured(SignLinkStore store, int n) throws Exception {
    long seedMs = seed(store.connections(), n);
    Instant horizon = Instant.now().plus(Duration.ofMinutes(10));
    long[] due = new long[10];
    for (int i = 0; i < due.length; i++) {
      long t = System.nanoTime();
      store.connections().dueForRefresh(horizon, 500);
      due[i] = System.nanoTime() - t;
    }
    Arrays.sort(due);
    BackgroundRefresher refresher = refresher(store, true);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long baseline = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(baseline);
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    BackgroundRefresher.Pass pass = refresher.runOnce();
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    System.gc();
    long retained = memory.getHeapMemoryUsage().getUsed();
    long stillDue = store.connections().dueForRefresh(horizon, 10).size();
    String note = n + " connections, seeded in " + seedMs / 1000 + " s; pass " + pass;
    return new ArrayList<>(
        List.of(
            new Figure(
                "background refresh",
                "refreshes per second",
                pass.refreshed() / seconds,
                "1/s",
                note),
            new Figure(
                "background refresh",
                "pass duration",
                seconds,
                "s",
                "still due afterwards: " + stillDue),
            new Figure(
                "background refresh",
                "peak heap used",
                peak.get() / 1048576.0,
                "MiB",
                "target < 256 MiB; max heap "
                    + Runtime.getRuntime().maxMemory() / 1048576
                    + " MiB"),
            new Figure(
                "background refresh",
                "heap retained after GC",
                retained / 1048576.0,
                "MiB",
                "token cache of " + n),
            new Figure(
                "background refresh",
                "due query (500 of " + n + ") median",
                due[due.length / 2] / 1e6,
                "ms",
                "max " + due[due.length - 1] / 1e6 + " ms")));
  }

  private static long seed(ConnectionStore store, int n) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> parts = new ArrayList<>();
      int slices = 6;
      for (int s = 0; s < slices; s++) {
        int from = s * n / slices;
        int to = (s + 1) * n / slices;
        parts.add(
            pool.submit(
                () -> {
                  Instant now = Instant.now();
                  for (int i = from; i < to; i++) {
                    // one-hour tokens obtained an hour ago, expiring over the next 1..9 minutes:
                    // all
                    // inside the refresh-ahead window (min(10 min, half the lifetime))
                    TokenSet t =
                        tokens(
                            now.minus(Duration.ofHours(1)),
                            Duration.ofHours(1).plusSeconds(60 + (i % 480)),
                            "rt-seed-" + i);
                    store.upsert(
                        new ConnectionDraft(
                            "docusign",
                            "owner-" + i,
                            "sub-" + i,
                            null,
                            null,
                            null,
                            null,
                            Set.of("signature"),
                            t));
                  }
                  return null;
                }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static TokenSet tokens(Instant now, Duration lifetime, String refresh) {
    return new TokenSet(
        Secret.of("at-" + refresh),
        "Bearer",
        Secret.of(refresh),
        null,
        Set.of("signature"),
        now,
        now.plus(lifetime),
        null);
  }
}
