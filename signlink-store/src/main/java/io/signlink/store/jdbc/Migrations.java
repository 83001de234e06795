package io.signlink.store.jdbc;

import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the schema up to date with Flyway on open. Each backend has its own migration folder
 * ({@code db/migration/sqlite}, {@code db/migration/postgresql}), identical in meaning; the
 * PostgreSQL one runs in the connection's current schema. Stateless.
 */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations; a database that cannot be reached is transient, the rest SCHEMA. */
  public static void migrate(Database database) {
    String folder = database.backend() == Database.Backend.POSTGRESQL ? "postgresql" : "sqlite";
    try {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(database.migrationDataSource())
          .locations("classpath:db/migration/" + folder)
          .table("signlink_schema_history")
          .baselineOnMigrate(false)
          .validateOnMigrate(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof SQLException sql) {
          SignLinkException mapped = database.translate(sql, "Migrating the schema");
          if (!(mapped instanceof StoreException)) {
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
}
