package io.signlink.store.connectsession;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.crypto.Keysets;
import io.signlink.testing.MutableClock;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConnectSessionStore} on SQLite and on PostgreSQL (a fresh schema per test): lifetime cap,
 * hash-only storage, single use under concurrency, purge (SECURITY.md §connect-sessions).
 */
class ConnectSessionStoreTest {
  static final String PG_URL =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @TempDir Path dir;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  SignLinkStore store;
  String schema;

  SignLinkStore open(String backend) throws Exception {
    StoreConfig.Builder b = StoreConfig.builder().dataDir(dir.resolve("data")).clock(clock);
    if (backend.equals("postgresql")) {
      schema = "sl_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
      try (var c = DriverManager.getConnection(PG_URL);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      Path keyset = dir.resolve("keyset.json");
      Keysets.createFile(keyset);
      b.jdbcUrl(PG_URL + "&currentSchema=" + schema).keyset(KeysetSource.file(keyset));
    }
    store = SignLinkStore.open(b.build());
    return store;
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (schema != null) {
      try (var c = DriverManager.getConnection(PG_URL);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  static NewConnectSession request(Duration ttl) {
    return new NewConnectSession(
        "app-1",
        "user-42",
        "alice@example.com",
        "Alice",
        "{\"plan\":\"pro\"}",
        List.of("docusign", "boldsign"),
        "https://app.example.com/done",
        null,
        false,
        ttl);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void storesTheSessionAndFindsItByTokenOnly(String backend) throws Exception {
    ConnectSessionStore sessions = open(backend).connectSessions();
    IssuedConnectSession issued = sessions.create(request(null));
    String token = issued.token().reveal();
    assertThat(token).startsWith("cs_").hasSize(46);
    assertThat(issued.toString()).doesNotContain(token);

    ConnectSession found = sessions.findByToken(token).orElseThrow();
    assertThat(found).isEqualTo(issued.session());
    assertThat(found.allowedProviders()).containsExactly("docusign", "boldsign");
    assertThat(found.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(sessions.findByToken(token + "x")).isEmpty();
    assertThat(sessions.findByToken("cs_" + "A".repeat(43))).isEmpty();
    assertThat(sessions.find(found.id())).contains(found);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void capsTheLifetimeAtThirtyMinutes(String backend) throws Exception {
    ConnectSessionStore sessions = open(backend).connectSessions();
    ConnectSession s = sessions.create(request(Duration.ofHours(5))).session();
    assertThat(Duration.between(s.createdAt(), s.expiresAt())).isEqualTo(Duration.ofMinutes(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void exactlyOneOfConcurrentUsesWins(String backend) throws Exception {
    ConnectSessionStore sessions = open(backend).connectSessions();
    String id = sessions.create(request(null)).session().id();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> uses =
          java.util.stream.IntStream.range(0, 16)
              .<Callable<Boolean>>mapToObj(i -> () -> sessions.markUsed(id))
              .toList();
      long winners = 0;
      for (Future<Boolean> f : pool.invokeAll(uses)) {
        if (f.get()) {
          winners++;
        }
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    ConnectSession used = sessions.find(id).orElseThrow();
    assertThat(used.usedAt()).isEqualTo(clock.instant());
    assertThat(used.usableAt(clock.instant())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void anExpiredSessionCannotBeUsedAndIsPurgedLater(String backend) throws Exception {
    ConnectSessionStore sessions = open(backend).connectSessions();
    ConnectSession s = sessions.create(request(Duration.ofMinutes(1))).session();
    clock.advance(Duration.ofMinutes(1));
    assertThat(sessions.markUsed(s.id())).isFalse();
    assertThat(sessions.purgeExpiredBefore(clock.instant().minus(Duration.ofHours(1)))).isZero();
    clock.advance(Duration.ofHours(2));
    assertThat(sessions.purgeExpiredBefore(clock.instant().minus(Duration.ofHours(1))))
        .isEqualTo(1);
    assertThat(sessions.find(s.id())).isEmpty();
  }
}
