package io.signlink.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.Properties;

/**
 * Every timeout between SignLink and PostgreSQL, derived from the one setting a deployment tunes
 * (the store's connection timeout, 5 s by default), so that a database that refuses, or a link that
 * freezes, turns into a {@code DATABASE_UNAVAILABLE} error in bounded time instead of a hung
 * request thread (SECURITY.md §database-outage):
 *
 * <ul>
 *   <li>{@code connectTimeout} (TCP connect) and {@code loginTimeout} (connect plus startup and
 *       authentication, which a frozen link never answers): the connection timeout, at least 1 s;
 *   <li>{@code socketTimeout}: a read that waits longer than {@link #QUERY_SOCKET} drops the
 *       connection; this is what ends a query in flight when the link freezes, since a server-side
 *       cancel cannot get through either;
 *   <li>{@code statement_timeout} ({@link #STATEMENT}), shorter than the socket timeout, so a query
 *       stuck on the server (a lock wait) is cancelled by PostgreSQL with a clean error first. A
 *       migration that needs longer (an index on a large table) starts with {@code SET LOCAL
 *       statement_timeout = 0}, which ends with its transaction and so never leaks into the pool;
 *   <li>HikariCP: a caller waits at most the connection timeout for a connection, and a pooled
 *       connection's liveness check ({@code isValid}) at most {@link #validation()}.
 * </ul>
 *
 * The {@code LISTEN} connection uses the connection timeout as its socket timeout: it only ever
 * runs {@code LISTEN} and a heartbeat {@code SELECT 1}; so does the readiness ping ({@link
 * Database#ping()}), which must not wait the query socket timeout on a frozen link. Immutable.
 *
 * @param connect the store's connection timeout
 */
record PgTimeouts(Duration connect) {
  /** The longest a single read from PostgreSQL may block. */
  static final Duration QUERY_SOCKET = Duration.ofSeconds(10);

  /** The longest PostgreSQL runs one statement. */
  static final Duration STATEMENT = Duration.ofSeconds(5);

  PgTimeouts {
    if (connect.compareTo(Duration.ofMillis(250)) < 0) {
      connect = Duration.ofMillis(250);
    }
  }

  /** The pool's liveness check: half the connection timeout, between 250 ms and 2 s. */
  Duration validation() {
    long half = connect.toMillis() / 2;
    return Duration.ofMillis(Math.max(250, Math.min(2000, half)));
  }

  /** Applies the pool's and the driver's timeouts to a pooled data source. */
  void applyTo(HikariConfig hc) {
    hc.setConnectionTimeout(connect.toMillis());
    hc.setValidationTimeout(validation().toMillis());
    hc.addDataSourceProperty("connectTimeout", seconds(connect));
    hc.addDataSourceProperty("loginTimeout", seconds(connect));
    hc.addDataSourceProperty("socketTimeout", seconds(QUERY_SOCKET));
    hc.addDataSourceProperty("options", "-c statement_timeout=" + STATEMENT.toMillis());
  }

  /** Applies the driver's timeouts to the dedicated {@code LISTEN} connection. */
  void applyToListener(Properties p) {
    p.setProperty("connectTimeout", seconds(connect));
    p.setProperty("loginTimeout", seconds(connect));
    p.setProperty("socketTimeout", seconds(connect));
  }

  /** PgJDBC takes whole seconds; never 0, which would mean "no timeout". */
  private static String seconds(Duration d) {
    return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
  }
}
