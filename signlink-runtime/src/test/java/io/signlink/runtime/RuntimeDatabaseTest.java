package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.signlink.error.ConfigurationException;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.store.KeysetSource;
import io.signlink.store.PgTestSchema;
import io.signlink.store.jdbc.Database;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The builder on the application's database: its own pool, or a URL SignLink pools itself. */
class RuntimeDatabaseTest {
  @TempDir Path dir;

  @Test
  void runsOnTheApplicationsHikariDataSourceAndLeavesItOpen() throws Exception {
    try (PgTestSchema schema = new PgTestSchema();
        HikariDataSource pool = applicationPool(schema)) {
      try (SignLinkRuntime signlink =
          SignLinkRuntime.builder()
              .dataSource(pool)
              .keyset(KeysetSource.file(schema.keysetFile))
              .dataDir(dir)
              .publicUrl(URI.create("https://app.example.com"))
              .build()) {
        assertThat(signlink.store().backend()).isEqualTo(Database.Backend.POSTGRESQL);
        assertThat(signlink.store().describe()).contains("the application's DataSource");
        assertThat(signlink.connections().count()).isZero();
        assertThat(signlink.applications().list()).isNotEmpty(); // migrated: the default one
        signlink.ping();
      }

      assertThat(pool.isClosed()).isFalse();
      // the connection the change listener held is back in the pool, no longer listening
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      assertThat(Files.exists(dir.resolve("signlink.db"))).isFalse();
    }
  }

  @Test
  void boundsEveryConnectionItBorrowsWithASocketTimeout() throws Exception {
    List<Integer> timeouts = new CopyOnWriteArrayList<>();
    try (PgTestSchema schema = new PgTestSchema();
        HikariDataSource pool = applicationPool(schema)) { // its URL sets no socketTimeout
      try (SignLinkRuntime signlink =
          SignLinkRuntime.builder()
              .dataSource(recordingNetworkTimeouts(pool, timeouts))
              .keyset(KeysetSource.file(schema.keysetFile))
              .dataDir(dir)
              .build()) {
        timeouts.clear();
        signlink.connections().count();
        signlink.applications().list();

        // SECURITY.md §application-pool: a frozen link fails a read after 10 s, never hangs it
        assertThat(timeouts).hasSizeGreaterThanOrEqualTo(2).containsOnly(10_000);
      }
    }
  }

  @Test
  void opensASqliteUrlAndKeepsItsOwnPools() {
    Path db = dir.resolve("app").resolve("signlink.db");
    try (SignLinkRuntime signlink =
        SignLinkRuntime.builder().jdbcUrl("jdbc:sqlite:" + db).dataDir(dir).build()) {
      assertThat(signlink.store().backend()).isEqualTo(Database.Backend.SQLITE);
      assertThat(signlink.connections().count()).isZero();
    }
    assertThat(db).exists();
    assertThat(dir.resolve("keyset.json")).exists(); // generated for the brand-new database
  }

  @Test
  void theDefaultDatabaseMovesWithTheDataFolder() {
    SignLinkConfig settings = SignLinkConfig.fromEnvironment(Map.of()); // ~/.signlink by default
    try (SignLinkRuntime signlink = SignLinkRuntime.builder(settings).dataDir(dir).build()) {
      assertThat(signlink.store().describe()).contains(dir.resolve("signlink.db").toString());
    }
  }

  @Test
  void refusesASqliteDataSourceAndSaysToPassItsUrl() {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + dir.resolve("other.db"));

    assertThatThrownBy(() -> SignLinkRuntime.builder().dataSource(sqlite).dataDir(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must lead to PostgreSQL")
        .hasMessageContaining("jdbc:sqlite:");
  }

  /** {@code pool}, noting every network timeout set on a connection borrowed from it. */
  private static DataSource recordingNetworkTimeouts(DataSource pool, List<Integer> timeouts) {
    ClassLoader loader = RuntimeDatabaseTest.class.getClassLoader();
    return (DataSource)
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = call(method, pool, args);
              if (!(result instanceof Connection borrowed)) {
                return result;
              }
              return Proxy.newProxyInstance(
                  loader,
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    if (m.getName().equals("setNetworkTimeout")) {
                      timeouts.add((Integer) a[1]);
                    }
                    return call(m, borrowed, a);
                  });
            });
  }

  private static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static HikariDataSource applicationPool(PgTestSchema schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(schema.url());
    config.setMaximumPoolSize(4);
    config.setPoolName("application-pool");
    return new HikariDataSource(config);
  }
}
