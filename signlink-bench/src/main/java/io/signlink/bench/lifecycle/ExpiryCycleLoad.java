package io.signlink.bench.lifecycle;

import io.signlink.connection.Connection;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.crypto.Keysets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver: refreshes per expiry across three instances sharing PostgreSQL, for 15 s and 1 h
 * access tokens from the emulator (rotating refresh tokens, reuse revokes the grant). Each cycle
 * moves a shared clock past one refresh point of every connection, then three waves of 20 callers
 * per connection and instance ask for tokens; the emulator counts the refresh requests. Freshness
 * is proportional to the granted lifetime, so short tokens cost one refresh per expiry like long
 * ones (target ≤ 1.02). Not thread-safe; run once.
 */
final class ExpiryCycleLoad {
  static final int INSTANCES = 3;
  static final int CONNECTIONS = 5;
  static final int CALLERS = 20;
  static final int CYCLES = 20;

  private ExpiryCycleLoad() {}

  static List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    out.add(cycle(Duration.ofHours(1), "1 h"));
    out.add(cycle(Duration.ofSeconds(15), "15 s"));
    return out;
  }

  /** Real time plus an offset the driver moves forward. Thread-safe. */
  private static final class OffsetClock extends Clock {
    private final AtomicLong offset = new AtomicLong();

    void advance(Duration d) {
      offset.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offset.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }

  private static Figure cycle(Duration lifetime, String label) throws Exception {
    String schema = "sl_bench_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
    try (var c = DriverManager.getConnection(BackgroundRefreshLoad.PG);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path dir = Files.createTempDirectory("signlink-bench-");
    Path keyset = dir.resolve("keyset.json");
    Keysets.createFile(keyset);
    String url =
        BackgroundRefreshLoad.PG
            + (BackgroundRefreshLoad.PG.contains("?") ? "&" : "?")
            + "currentSchema="
            + schema;
    OffsetClock clock = new OffsetClock();
    List<SignLinkStore> stores = new ArrayList<>();
    List<ExecutorService> pools = new ArrayList<>();
    try (Emulator emu =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .redirectUri(EmulatorConnections.REDIRECT)
                .docuSignAccessTokenTtl(lifetime)
                .build())) {
      for (int i = 0; i < INSTANCES; i++) {
        stores.add(
            SignLinkStore.open(
                StoreConfig.builder()
                    .jdbcUrl(url)
                    .dataDir(dir)
                    .keyset(KeysetSource.file(keyset))
                    .poolSize(4)
                    .clock(clock)
                    .build()));
      }
      EmulatorConnections oauth = new EmulatorConnections(emu.docuSignAccountBase(), clock);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        Connection conn = oauth.connect(stores.get(0).connections(), "owner-cycle-" + i);
        ids.add(conn.id());
      }
      List<TokenManager> managers = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        managers.add(
            TokenManager.builder(stores.get(i).connections(), oauth.refresher())
                .settings(
                    TokenManagerSettings.builder()
                        .holder("bench-" + i)
                        .leasePoll(Duration.ofMillis(10))
                        .build())
                .clock(clock)
                .build());
        pools.add(Executors.newFixedThreadPool(CALLERS));
      }
      long before = emu.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
      AtomicLong failures = new AtomicLong();
      Random random = new Random(15);
      long start = System.nanoTime();
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        // past the refresh point (¾ of the lifetime, or 5 minutes before expiry), once
        long ms = lifetime.toMillis();
        long refreshPoint = Math.max(ms * 3 / 4, ms - Duration.ofMinutes(5).toMillis());
        clock.advance(Duration.ofMillis(refreshPoint + (long) (random.nextDouble() * ms / 5)));
        for (int wave = 0; wave < 3; wave++) {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<?>> work = new ArrayList<>();
          for (int i = 0; i < INSTANCES; i++) {
            TokenManager m = managers.get(i);
            for (int t = 0; t < CALLERS; t++) {
              List<String> order = new ArrayList<>(ids);
              Collections.shuffle(order, new Random(random.nextLong()));
              work.add(
                  pools
                      .get(i)
                      .submit(
                          () -> {
                            go.await();
                            for (String id : order) {
                              try {
                                m.accessToken(id);
                              } catch (RuntimeException e) {
                                failures.incrementAndGet();
                              }
                            }
                            return null;
                          }));
            }
          }
          go.countDown();
          for (Future<?> f : work) {
            f.get();
          }
          clock.advance(Duration.ofMillis(ms / 25));
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      long refreshes = emu.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token") - before;
      managers.forEach(TokenManager::close);
      return new Figure(
          "expiry cycles (3 instances, PostgreSQL)",
          "refreshes per expiry, " + label + " tokens",
          (double) refreshes / (CYCLES * CONNECTIONS),
          "x",
          "target <= 1.02; "
              + refreshes
              + " refreshes for "
              + CYCLES * CONNECTIONS
              + " expiries, "
              + INSTANCES * CALLERS
              + " callers per connection, "
              + failures.get()
              + " failed calls, "
              + millis
              + " ms");
    } finally {
      pools.forEach(ExecutorService::shutdownNow);
      stores.forEach(SignLinkStore::close);
      try (var c = DriverManager.getConnection(BackgroundRefreshLoad.PG);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
