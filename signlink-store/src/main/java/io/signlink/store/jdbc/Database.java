package io.signlink.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import io.signlink.store.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pools and the transaction discipline shared by every store. PostgreSQL: one
 * HikariCP pool. SQLite: one writer connection (SQLite allows one writer at a time; queueing in the
 * pool beats spinning on {@code SQLITE_BUSY}), whose transactions begin {@code IMMEDIATE} so a
 * read-then-write transaction can never deadlock on the lock upgrade, plus a pool of readers that
 * WAL lets run beside the writer. Every write is one transaction: committed whole or not at all
 * (SECURITY.md §atomic-writes). A write or read started inside another write on the same thread
 * joins that transaction under a savepoint, so work of several stores (a connection change and the
 * event and webhook rows it causes) commits together or not at all; a failed inner part is rolled
 * back to its savepoint and leaves the rest of the transaction usable. Or the application's own
 * PostgreSQL {@link DataSource} ({@link StoreConfig#dataSource()}), borrowed and never closed.
 * Thread-safe.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Which engine is behind the URL. */
  public enum Backend {
    SQLITE,
    POSTGRESQL
  }

  private final Backend backend;
  private final String jdbcUrl;
  private final String description;
  private final DataSource writer;
  private final DataSource reader;
  private final PgTimeouts timeouts;
  private final boolean borrowed;
  private final ThreadLocal<Tx> open = new ThreadLocal<>();

  private Database(
      Backend backend,
      String jdbcUrl,
      String description,
      DataSource writer,
      DataSource reader,
      PgTimeouts timeouts,
      boolean borrowed) {
    this.timeouts = timeouts;
    this.borrowed = borrowed;
    this.backend = backend;
    this.jdbcUrl = jdbcUrl;
    this.description = description;
    this.writer = writer;
    this.reader = reader;
  }

  /** Opens the pools; a database that cannot be reached gives a {@code DATABASE_UNAVAILABLE}. */
  public static Database open(StoreConfig config) {
    if (config.dataSource() != null) {
      return openBorrowed(config);
    }
    return config.postgres() ? openPostgres(config) : openSqlite(config);
  }

  /** The application's pool: checked to be PostgreSQL, used as both writer and reader. */
  private static Database openBorrowed(StoreConfig config) {
    DataSource ds = config.dataSource();
    String product;
    String url;
    try (Connection c = ds.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
      url = c.getMetaData().getURL();
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.unavailable("Opening the vault", "the application's DataSource", e);
    }
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      throw new io.signlink.error.ConfigurationException(
          StoreConfig.DB_URL,
          "a DataSource must lead to PostgreSQL, this one leads to "
              + product
              + "; open SQLite from its URL instead (jdbc:sqlite:/path/signlink.db), as SignLink"
              + " keeps SQLite's single writer connection itself");
    }
    String description = "PostgreSQL at " + redact(url) + " (the application's DataSource)";
    return new Database(
        Backend.POSTGRESQL,
        url,
        description,
        ds,
        ds,
        new PgTimeouts(config.connectionTimeout()),
        true);
  }

  private static Database openPostgres(StoreConfig config) {
    String description = "PostgreSQL at " + redact(config.jdbcUrl());
    HikariConfig hc = base(config, "signlink-pg");
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    PgTimeouts timeouts = new PgTimeouts(config.connectionTimeout());
    timeouts.applyTo(hc);
    hc.addDataSourceProperty("ApplicationName", "signlink");
    HikariDataSource pool = start(hc, description);
    return new Database(
        Backend.POSTGRESQL, config.jdbcUrl(), description, pool, pool, timeouts, false);
  }

  private static Database openSqlite(StoreConfig config) {
    Path file = sqliteFile(config.jdbcUrl());
    String description =
        "SQLite database " + (file == null ? config.jdbcUrl() : file.toAbsolutePath());
    if (file != null && file.getParent() != null) {
      createPrivateDir(file.toAbsolutePath().getParent());
    }
    if (file != null) {
      OwnerOnlyFiles.createIfMissing(file);
      OwnerOnlyFiles.restrict(OwnerOnlyFiles.sqliteFiles(file));
    }
    HikariConfig w = base(config, "signlink-sqlite-writer");
    w.setMaximumPoolSize(1);
    w.setMinimumIdle(1);
    w.addDataSourceProperty("journal_mode", "WAL");
    w.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    HikariDataSource writer = start(w, description);
    HikariConfig r = base(config, "signlink-sqlite-reader");
    r.setMaximumPoolSize(config.poolSize());
    r.setMinimumIdle(1);
    HikariDataSource reader;
    try {
      reader = start(r, description);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    if (file != null) {
      // the writer switched to WAL: files left by an older version may still be 0644
      OwnerOnlyFiles.restrict(OwnerOnlyFiles.sqliteFiles(file));
    }
    return new Database(
        Backend.SQLITE,
        config.jdbcUrl(),
        description,
        writer,
        reader,
        new PgTimeouts(config.connectionTimeout()),
        false);
  }

  private static HikariConfig base(StoreConfig config, String name) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(name);
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setConnectionTimeout(Math.max(250, config.connectionTimeout().toMillis()));
    hc.setValidationTimeout(Math.max(250, Math.min(5000, config.connectionTimeout().toMillis())));
    hc.setAutoCommit(true);
    if (!config.postgres()) {
      hc.addDataSourceProperty("busy_timeout", "5000");
      hc.addDataSourceProperty("foreign_keys", "true");
    }
    return hc;
  }

  private static HikariDataSource start(HikariConfig hc, String description) {
    try {
      return new HikariDataSource(hc);
    } catch (RuntimeException e) {
      StoreException unusable = SqlErrors.unusable(e, "Opening the vault", description);
      throw unusable != null
          ? unusable
          : SqlErrors.unavailable("Opening the vault", description, e);
    }
  }

  /**
   * Runs read-only work on a pooled connection in auto-commit mode; inside a write on this thread,
   * on that write's connection (it sees the write's own changes and takes no second connection from
   * the pool).
   */
  public <T> T read(String what, SqlWork<T> work) {
    Tx outer = open.get();
    if (outer != null) {
      return joined(what, outer, tx -> work.run(tx.connection()));
    }
    try (Connection c = reader.getConnection()) {
      boundBorrowed(c);
      return work.run(c);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, what, description);
    }
  }

  /**
   * Runs {@code work} in one transaction on the writer and then its after-commit actions. A failure
   * rolls everything back; a failure of the commit itself is reported as outcome unknown. Inside
   * another write on this thread, {@code work} joins that transaction instead (see the class).
   */
  public <T> T write(String what, TxWork<T> work) {
    Tx outer = open.get();
    if (outer != null) {
      return joined(what, outer, work);
    }
    Tx tx;
    T result;
    try (Connection c = writer.getConnection()) {
      boundBorrowed(c);
      c.setAutoCommit(false);
      tx = new Tx(c);
      open.set(tx);
      try {
        result = work.run(tx);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        open.remove();
      }
      try {
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw SqlErrors.commitUnknown(what, description, e);
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, what, description);
    }
    for (Runnable action : tx.afterCommitActions()) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("An after-commit action of '{}' failed: {}", what, e.getClass().getName());
      }
    }
    return result;
  }

  /**
   * {@code work} inside the open transaction {@code outer}, under a savepoint: when it fails, what
   * it wrote and the after-commit actions it added are undone, and the failure goes to the caller,
   * which decides whether the whole transaction fails.
   */
  private <T> T joined(String what, Tx outer, TxWork<T> work) {
    Connection c = outer.connection();
    int actions = outer.afterCommitActions().size();
    Savepoint savepoint;
    try {
      savepoint = c.setSavepoint();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, what, description);
    }
    try {
      T result = work.run(outer);
      c.releaseSavepoint(savepoint);
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback(savepoint);
      } catch (SQLException rollback) {
        LOG.debug("rollback to a savepoint failed after an earlier error", rollback);
      }
      outer.dropAfterCommitActionsFrom(actions);
      if (e instanceof SQLException sql) {
        throw SqlErrors.translate(sql, what, description);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Gives a connection of the application's pool the socket timeout SignLink's own pool sets, so a
   * frozen link fails a read instead of hanging it (SECURITY.md §application-pool); pools such as
   * HikariCP restore their own value when the connection is returned.
   */
  private void boundBorrowed(Connection c) throws SQLException {
    if (borrowed) {
      c.setNetworkTimeout(Runnable::run, (int) PgTimeouts.QUERY_SOCKET.toMillis());
    }
  }

  /**
   * Checks the database answers, for readiness probes; throws {@code DATABASE_UNAVAILABLE}. On
   * PostgreSQL it fails within about twice the connection timeout however the link breaks: waiting
   * for a pooled connection is bounded by the pool, and the query by a network timeout of the
   * connection timeout (a frozen link never answers a server-side cancel).
   */
  public void ping() {
    read(
        "Checking the database",
        c -> {
          if (backend == Backend.POSTGRESQL) {
            // the pool restores the connection's own network timeout when it is returned
            c.setNetworkTimeout(Runnable::run, (int) timeouts.connect().toMillis());
          }
          try (Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            s.execute("SELECT 1");
          }
          return null;
        });
  }

  /**
   * A connection outside the pools (PostgreSQL {@code LISTEN}), whose reads time out after the
   * connection timeout (see {@link PgTimeouts}); the caller closes it.
   */
  public Connection openDedicated() throws SQLException {
    if (borrowed) {
      // one of the application's connections, held while listening (its URL has no credentials)
      Connection c = writer.getConnection();
      c.setNetworkTimeout(Runnable::run, (int) Math.max(1000, timeouts.connect().toMillis()));
      return c;
    }
    Properties p = new Properties();
    p.setProperty("ApplicationName", "signlink-listener");
    p.setProperty("tcpKeepAlive", "true");
    timeouts.applyToListener(p);
    return DriverManager.getConnection(jdbcUrl, p);
  }

  /** The pool Flyway migrates through (the writer). */
  public DataSource migrationDataSource() {
    return writer;
  }

  public Backend backend() {
    return backend;
  }

  /** The database for messages, without credentials. */
  public String description() {
    return description;
  }

  /** Maps a failure that escaped a library (Flyway) to SignLink's errors. */
  public SignLinkException translate(SQLException e, String what) {
    return SqlErrors.translate(e, what, description);
  }

  /** Closes SignLink's own pools; the application's DataSource stays open. */
  @Override
  public void close() {
    if (borrowed) {
      return;
    }
    if (reader != writer) {
      ((HikariDataSource) reader).close();
    }
    ((HikariDataSource) writer).close();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed after an earlier error", e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.debug("could not restore auto-commit; the pool will reset the connection", e);
    }
  }

  /** The SQLite file a JDBC URL names, or null (PostgreSQL, in-memory). */
  public static Path sqliteFile(String url) {
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith("file:")) {
      return null;
    }
    return Path.of(rest);
  }

  /** Creates the data folder owner-only (0700): it holds the database and maybe the keyset. */
  private static void createPrivateDir(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new io.signlink.error.ConfigurationException(
          StoreConfig.DATA_DIR,
          "cannot create the data folder "
              + dir
              + " ("
              + e.getClass().getSimpleName()
              + "); check permissions");
    }
  }

  /** {@code jdbc:postgresql://user:pw@host:5432/db?password=…} → {@code host:5432/db}. */
  static String redact(String jdbcUrl) {
    try {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      String host = uri.getHost() == null ? "localhost" : uri.getHost();
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return host + port + (uri.getPath() == null ? "" : uri.getPath());
    } catch (IllegalArgumentException e) {
      return "(unparseable URL)";
    }
  }
}
