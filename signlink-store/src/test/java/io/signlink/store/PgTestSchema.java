package io.signlink.store;

import io.signlink.store.crypto.Keysets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/**
 * A fresh PostgreSQL schema ({@code SIGNLINK_TEST_PG_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) and keyset file for one test, dropped on
 * {@link #close()}; every store opened on it shares both, as instances of one deployment do. Not
 * thread-safe.
 */
public final class PgTestSchema implements AutoCloseable {
  public static final String BASE_URL =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  public final String name;
  public final Path dir;
  public final Path keysetFile;

  public PgTestSchema() throws Exception {
    name = "sl_" + HexFormat.of().formatHex(SecureRandom.getSeed(6));
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    }
    dir = Files.createTempDirectory("signlink-pg-");
    keysetFile = dir.resolve("keyset.json");
    Keysets.createFile(keysetFile);
  }

  /** The JDBC URL of this schema. */
  public String url() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** A store configuration on {@code jdbcUrl} (this schema's, maybe through a proxy). */
  public StoreConfig.Builder config(String jdbcUrl) {
    return StoreConfig.builder()
        .jdbcUrl(jdbcUrl)
        .dataDir(dir.resolve("data"))
        .keyset(KeysetSource.file(keysetFile))
        .poolSize(2)
        .connectionTimeout(Duration.ofSeconds(1))
        .clock(Clock.systemUTC());
  }

  /**
   * Terminates the {@code LISTEN} sessions opened through {@code proxy} (found by their client
   * ports), as a database restart or a network blip would; returns how many.
   */
  public static int terminateListeners(TcpProxy proxy) throws SQLException {
    Set<Integer> ports = proxy.upstreamPorts();
    int n = 0;
    try (var c = DriverManager.getConnection(BASE_URL);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'signlink-listener' AND client_port = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("int4", ports.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(1)) {
            n++;
          }
        }
      }
    }
    return n;
  }

  @Override
  public void close() throws Exception {
    try (var c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
