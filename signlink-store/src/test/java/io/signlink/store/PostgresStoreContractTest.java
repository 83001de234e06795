package io.signlink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.error.TransientException;
import io.signlink.store.crypto.Keysets;
import io.signlink.store.jdbc.ChangeFeed;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL ({@code SIGNLINK_TEST_PG_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), each test in a fresh schema, plus what
 * only several instances can show: NOTIFY across instances, disjoint {@code leaseDue} batches, a
 * database dropping out under a live pool. An unreachable PostgreSQL fails these tests; it never
 * skips them.
 */
class PostgresStoreContractTest extends StoreContractTest {
  static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  String schema;
  Path keysetFile;

  @BeforeAll
  static void requirePostgres() {
    try (var c = DriverManager.getConnection(BASE_URL)) {
      c.createStatement().execute("SELECT 1");
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is required for these tests and is not reachable at "
              + BASE_URL.replaceAll("password=[^&]*", "password=***")
              + " ("
              + e.getMessage()
              + "). Start it or set SIGNLINK_TEST_PG_URL.",
          e);
    }
  }

  @BeforeEach
  void createSchema() throws Exception {
    schema = "sl_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    keysetFile = dir.resolve("keyset.json");
    Keysets.createFile(keysetFile);
  }

  @AfterEach
  void dropSchema() throws Exception {
    closeStores();
    opened.clear();
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  StoreConfig.Builder config() {
    return StoreConfig.builder()
        .jdbcUrl(rawUrl())
        .dataDir(dir.resolve("data"))
        .keyset(KeysetSource.file(keysetFile))
        .poolSize(4);
  }

  @Override
  String rawUrl() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  long scanForPlaintext(List<String> markers, String label) throws Exception {
    StringBuilder all = new StringBuilder();
    long rows = 0;
    int tables = 0;
    try (var c = DriverManager.getConnection(rawUrl())) {
      List<String> names = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
        ps.setString(1, schema);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
      }
      for (String table : names) {
        tables++;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT t::text FROM " + schema + "." + table + " t")) {
          while (rs.next()) {
            rows++;
            all.append(rs.getString(1)).append('\n');
          }
        }
      }
    }
    long hits = hits(all.toString(), markers);
    System.out.printf(
        "[PostgreSQL plaintext scan, %s] %d tables, %d rows, %d chars of row text (every column cast"
            + " to text), %d markers, hits = %d%n",
        label, tables, rows, all.length(), markers.size(), hits);
    String dump = pgDump();
    if (dump != null) {
      long dumpHits = hits(dump, markers);
      System.out.printf(
          "[PostgreSQL plaintext scan, %s] pg_dump -n %s: %d chars, hits = %d%n",
          label, schema, dump.length(), dumpHits);
      hits += dumpHits;
    } else {
      System.out.printf("[PostgreSQL plaintext scan, %s] pg_dump not on PATH: skipped%n", label);
    }
    return hits;
  }

  /** Counts markers found as text, or as the hex PostgreSQL prints bytea in. */
  private static long hits(String text, List<String> markers) {
    long n = 0;
    String lower = text.toLowerCase();
    for (String m : markers) {
      String hex = HexFormat.of().formatHex(m.getBytes(StandardCharsets.UTF_8));
      if (text.contains(m) || lower.contains(hex)) {
        n++;
      }
    }
    return n;
  }

  private String pgDump() throws Exception {
    Path pgDump = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, "pg_dump");
      if (Files.isExecutable(p)) {
        pgDump = p;
        break;
      }
    }
    if (pgDump == null) {
      return null;
    }
    URI uri = URI.create(BASE_URL.substring("jdbc:".length()));
    Map<String, String> q = new ConcurrentHashMap<>();
    if (uri.getQuery() != null) {
      for (String kv : uri.getQuery().split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            pgDump.toString(),
            "-h",
            uri.getHost(),
            "-p",
            Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()),
            "-U",
            q.getOrDefault("user", "postgres"),
            "-n",
            schema,
            "--no-owner",
            uri.getPath().substring(1));
    if (q.containsKey("password")) {
      pb.environment().put("PGPASSWORD", q.get("password"));
    }
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("pg_dump output: %s", out.length() > 500 ? out.substring(0, 500) : out)
        .isZero();
    return out;
  }

  @Override
  void bulkInsert(int n, Instant now) throws SQLException {
    try (var c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO connections (id, provider_id, owner, subject, account_id, accounts_json,"
                    + " scopes, status, token_ciphertext, key_id, access_expires_at, version,"
                    + " created_at, updated_at, application_id)"
                    + " SELECT 'bulk-' || g, 'docusign', 'owner-' || (g % 5000), 'sub-' || g, '', '[]',"
                    + " 'signature', CASE WHEN g % 10 = 0 THEN 'REAUTH_REQUIRED' ELSE 'ACTIVE' END,"
                    + " '\\x00'::bytea, 1, ?::bigint + ((g::bigint * 7919) % 100000) * 25920, 1, ?, ?, 'default'"
                    + " FROM generate_series(1, ?) AS g")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      ps.setLong(3, now.toEpochMilli());
      ps.setInt(4, n);
      ps.executeUpdate();
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE connections");
      }
    }
  }

  @Override
  String explainDueQuery(Instant before, int limit) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (var c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "EXPLAIN (ANALYZE, FORMAT TEXT) "
                    + io.signlink.store.connection.JdbcConnectionStore.DUE_QUERY)) {
      ps.setLong(1, before.toEpochMilli());
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  // ---------------------------------------------------------------- several instances

  @Test
  void aWriteByOneInstanceReachesAnotherThroughNotify() throws Exception {
    SignLinkStore writer = open();
    SignLinkStore reader = open();
    Map<String, Long> heardAt = new ConcurrentHashMap<>();
    try (AutoCloseable sub =
        reader.connections().subscribe(id -> heardAt.putIfAbsent(id, System.nanoTime()))) {
      // the listener connects asynchronously: wait until it hears a first write before timing
      String warmup = writer.connections().upsert(Drafts.draft("warmup", now())).connection().id();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heardAt.containsKey(warmup));

      // The reader has no other way to hear of the writer's change than the NOTIFY, which takes
      // milliseconds (printed below); the bound only allows for a loaded machine.
      long sent = System.nanoTime();
      Connection c = writer.connections().upsert(Drafts.draft("notify", now())).connection();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heardAt.containsKey(c.id()));
      long micros = (heardAt.get(c.id()) - sent) / 1000;
      System.out.printf(
          "[PostgreSQL NOTIFY] change reached the second instance %d us after the write began%n",
          micros);

      heardAt.clear();
      writer
          .connections()
          .compareAndSet(c.withStatus(ConnectionStatus.REVOKED, "test", now()))
          .orElseThrow();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heardAt.containsKey(c.id()));
      assertThat(ChangeFeed.CHANNEL).isEqualTo("signlink_connections");
    }
  }

  @Test
  void leaseDueGivesThreeInstancesDisjointBatches() throws Exception {
    SignLinkStore seed = open();
    int total = 90;
    for (int i = 0; i < total; i++) {
      seed.connections()
          .upsert(Drafts.draft("fleet-" + i, "a", now(), Duration.ofMinutes(1 + i % 7)));
    }
    List<SignLinkStore> instances = List.of(open(), open(), open());
    Instant window = now().plus(Duration.ofMinutes(10));
    Map<String, String> leasedBy = new ConcurrentHashMap<>();
    AtomicLong duplicates = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(instances.size());
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < instances.size(); i++) {
        SignLinkStore inst = instances.get(i);
        String holder = "instance-" + i;
        counts.add(
            pool.submit(
                () -> {
                  start.await();
                  int mine = 0;
                  while (true) {
                    List<Connection> batch =
                        inst.connections().leaseDue(window, 7, holder, Duration.ofSeconds(60));
                    if (batch.isEmpty()) {
                      return mine;
                    }
                    for (Connection c : batch) {
                      if (leasedBy.putIfAbsent(c.id(), holder) != null) {
                        duplicates.incrementAndGet();
                      }
                    }
                    mine += batch.size();
                  }
                }));
      }
      start.countDown();
      List<Integer> perInstance = new ArrayList<>();
      for (Future<Integer> f : counts) {
        perInstance.add(f.get(60, TimeUnit.SECONDS));
      }
      System.out.printf(
          "[PostgreSQL leaseDue] 3 pools leased %s of %d due connections, duplicates = %d%n",
          perInstance, total, duplicates.get());
      assertThat(duplicates.get()).isZero();
      assertThat(leasedBy).hasSize(total);
      assertThat(perInstance.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theDatabaseGoingDownMidUseGivesTransientErrorsAndNoPartialWrite() throws Exception {
    URI uri = URI.create(BASE_URL.substring("jdbc:".length()));
    try (TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort())) {
      String viaProxy = rawUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      StoreConfig cfg =
          config().jdbcUrl(viaProxy).connectionTimeout(Duration.ofSeconds(1)).clock(clock).build();
      SignLinkStore s = SignLinkStore.open(cfg);
      opened.add(s);
      Connection c = s.connections().upsert(Drafts.draft("outage", now())).connection();

      proxy.cut();
      Connection changed = c.withRefreshedTokens(Drafts.tokens(now(), Duration.ofHours(8)), now());
      assertThatThrownBy(() -> s.connections().compareAndSet(changed))
          .isInstanceOfSatisfying(
              TransientException.class,
              e -> assertThat(e.kind()).isEqualTo(TransientException.Kind.DATABASE_UNAVAILABLE));
      assertThatThrownBy(() -> s.connections().find(c.id())).isInstanceOf(TransientException.class);
      assertThatThrownBy(s::ping).isInstanceOf(TransientException.class);

      SignLinkStore direct = open(); // the database itself is fine: nothing half-written
      Connection stored = direct.connections().find(c.id()).orElseThrow();
      assertThat(stored.version()).isEqualTo(c.version());
      assertThat(stored.tokens()).isEqualTo(c.tokens());
    }
  }

  @Test
  void openingAnUnreachableDatabaseIsTransient() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    StoreConfig cfg =
        config()
            .jdbcUrl(
                "jdbc:postgresql://127.0.0.1:" + deadPort + "/test?user=postgres&password=hunter2")
            .connectionTimeout(Duration.ofSeconds(1))
            .build();
    assertThatThrownBy(() -> SignLinkStore.open(cfg))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> assertThat(e.kind()).isEqualTo(TransientException.Kind.DATABASE_UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:" + deadPort)
        .hasMessageNotContaining("hunter2");
  }
}
