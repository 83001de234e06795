package io.signlink.spring.boot;

import io.signlink.error.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether SignLink stores in the application's {@code DataSource}: only when {@code
 * signlink.store.use-application-data-source=true}, {@code signlink.store.url} is unset, and the
 * database is PostgreSQL. SignLink's tables ({@code connections}, {@code applications}, {@code
 * events}, …) and its Flyway history then live in the DataSource's current schema, which must be
 * SignLink's own: a schema that already holds other tables and no SignLink history is refused here
 * with what to do, before anything is created in it. Stateless.
 */
final class ApplicationDataSource {
  static final String PROPERTY = "signlink.store.use-application-data-source";

  private ApplicationDataSource() {}

  static Optional<DataSource> choose(SignLinkProperties properties, DataSource candidate) {
    if (candidate == null
        || properties.store().url() != null
        || !properties.store().useApplicationDataSource()) {
      return Optional.empty();
    }
    try (Connection c = candidate.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      if (!product.equalsIgnoreCase("PostgreSQL")) {
        throw new ConfigurationException(
            PROPERTY,
            "the application's DataSource is "
                + product
                + ", and SignLink stores in PostgreSQL or SQLite. Unset it (SignLink then keeps"
                + " SQLite in signlink.data-dir) or set signlink.store.url");
      }
      checkSchemaIsSignLinks(c);
      return Optional.of(candidate);
    } catch (SQLException e) {
      throw new ConfigurationException(
          PROPERTY,
          "SignLink could not reach the application's DataSource ("
              + e.getClass().getSimpleName()
              + "); start the database, or set signlink.store.url to give SignLink its own");
    }
  }

  private static void checkSchemaIsSignLinks(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_schema(),"
                    + " (SELECT count(*) FROM information_schema.tables"
                    + "  WHERE table_schema = current_schema()),"
                    + " to_regclass('signlink_schema_history') IS NOT NULL")) {
      rs.next();
      String schema = rs.getString(1);
      long tables = rs.getLong(2);
      boolean signlinks = rs.getBoolean(3);
      if (tables > 0 && !signlinks) {
        throw new ConfigurationException(
            PROPERTY,
            "the application's DataSource points at schema "
                + schema
                + ", which holds "
                + tables
                + " tables of the application; SignLink's tables (connections, applications,"
                + " events, …) need a schema of their own. Give SignLink a DataSource whose"
                + " currentSchema is an empty schema, or set signlink.store.url");
      }
    }
  }
}
