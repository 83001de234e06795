package io.signlink.store.jdbc;

import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the schema up to date with Flyway on open. Each backend has its own migration folder
 * ({@code db/migration/sqlite}, {@code db/migration/postgresql}), identical in meaning; the
 * PostgreSQL one runs in the connection's current schema. Stateless.
 *
 * <p>A database whose history already holds {@link #LATEST_VERSION}, with no failed migration, is
 * left alone without starting Flyway: its classpath scan and validation cost about a third of a
 * second, which every short CLI command ({@code signlink token}) would otherwise pay.
 */
public final class Migrations {
  /** The newest migration version in both folders; {@code MigrationsTest} keeps it in step. */
  public static final String LATEST_VERSION = "6";

  static final String HISTORY_TABLE = "signlink_schema_history";

  private Migrations() {}

  /**
   * Applies pending migrations; a database that cannot be reached is transient, the rest SCHEMA.
   */
  public static void migrate(Database database) {
    if (upToDate(database)) {
      return;
    }
    String folder = database.backend() == Database.Backend.POSTGRESQL ? "postgresql" : "sqlite";
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(database.migrationDataSource())
          .locations("classpath:db/migration/" + folder)
          .table(HISTORY_TABLE)
          .baselineOnMigrate(false)
          .validateOnMigrate(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          SignLinkException mapped = database.translate(sql, "Migrating the schema");
          if (!(mapped instanceof StoreException store)
              || store.kind() == StoreException.Kind.UNUSABLE) {
            throw mapped;
          }
        }
      }
      throw new StoreException(
          StoreException.Kind.SCHEMA,
          "Migrating the schema of "
              + database.description()
              + " failed ("
              + e.getClass().getSimpleName()
              + "). Was it changed by hand or by a newer SignLink? Restore it from a backup or use"
              + " the matching version.",
          e);
    }
  }

  /** True when the history shows {@link #LATEST_VERSION} applied and no failed migration. */
  static boolean upToDate(Database database) {
    String sql =
        "SELECT COUNT(*) FILTER (WHERE version = ? AND success), COUNT(*) FILTER (WHERE NOT success)"
            + " FROM "
            + HISTORY_TABLE;
    try (Connection c = database.migrationDataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, LATEST_VERSION);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) == 1 && rs.getLong(2) == 0;
      }
    } catch (SQLException e) {
      return false; // no history yet (a new database) or unreadable: let Flyway decide and report
    }
  }
}
