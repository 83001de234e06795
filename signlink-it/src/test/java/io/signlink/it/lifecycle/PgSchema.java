package io.signlink.it.lifecycle;

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
import java.util.HexFormat;

/**
 * A fresh PostgreSQL schema (and keyset file) for one test class, dropped on {@link #close()}.
 * Every store opened on it shares the schema and the keyset, as instances of one deployment do. Not
 * thread-safe.
 */
public final class PgSchema implements AutoCloseable {
  static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  final String name;
  final Path dir;
  final Path keysetFile;

  public PgSchema() throws Exception {
    name = "sl_" + HexFormat.of().formatHex(SecureRandom.getSeed(6));
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    }
    dir = Files.createTempDirectory("signlink-it-");
    keysetFile = dir.resolve("keyset.json");
    Keysets.createFile(keysetFile);
  }

  String url() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A new store instance (its own pool) on this schema. */
  public SignLinkStore open(Clock clock, int poolSize) {
    return SignLinkStore.open(
        StoreConfig.builder()
            .jdbcUrl(url())
            .dataDir(dir.resolve("data"))
            .keyset(KeysetSource.file(keysetFile))
            .poolSize(poolSize)
            .clock(clock)
            .build());
  }

  @Override
  public void close() throws Exception {
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
