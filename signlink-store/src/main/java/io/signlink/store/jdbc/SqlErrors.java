package io.signlink.store.jdbc;

import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import java.sql.SQLException;

/**
 * Maps JDBC failures to SignLink's errors. A constraint violation is a {@code CONFLICT}, a missing
 * table or column a {@code SCHEMA} problem; everything else (refused connection, pool closed or
 * exhausted, server shutting down, SQLite busy) is transient: the caller may retry later. Database
 * messages are not copied into ours (they may quote row values); they stay in the cause.
 */
final class SqlErrors {
  private static final int SQLITE_ERROR = 1;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_CONSTRAINT = 19;
  private static final int SQLITE_NOTADB = 26;

  private SqlErrors() {}

  static SignLinkException translate(SQLException e, String what, String database) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean sqlite = database.startsWith("SQLite");
    int code = e.getErrorCode() & 0xff;
    StoreException unusable = unusable(e, what, database);
    if (unusable != null) {
      return unusable;
    }
    if (sqlite && code == SQLITE_CONSTRAINT) {
      state = "23000";
    } else if (sqlite && code == SQLITE_ERROR) {
      state = "42000";
    }
    if (state.startsWith("23")) {
      return new StoreException(
          StoreException.Kind.CONFLICT,
          what
              + " conflicts with a row already stored (SQLState "
              + state
              + "); re-read and retry.",
          e);
    }
    if (state.startsWith("42")) {
      return new StoreException(
          StoreException.Kind.SCHEMA,
          what
              + " failed: the schema of "
              + database
              + " is not what this SignLink version expects (SQLState "
              + state
              + "). Check that migrations ran and that no other tool changed the tables.",
          e);
    }
    if (sqlite && (code == SQLITE_BUSY || code == SQLITE_LOCKED)) {
      return new TransientException(
          TransientException.Kind.BUSY,
          what + " failed: " + database + " stayed locked by another writer; retry shortly.",
          java.time.Duration.ofSeconds(1),
          false,
          e);
    }
    return unavailable(what, database, e);
  }

  /**
   * Failures that say the database is wrong rather than away — retrying cannot help, the operator
   * must act — or null. Walks the cause chain: the pool wraps the driver's exception.
   */
  static StoreException unusable(Throwable failure, String what, String database) {
    boolean sqlite = database.startsWith("SQLite");
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (!(t instanceof SQLException e)) {
        continue;
      }
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      int code = e.getErrorCode() & 0xff;
      String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      String advice = null;
      if (!sqlite && state.equals("3D000")) {
        advice =
            "the database does not exist. Create it (e.g. `createdb` with the name in"
                + " SIGNLINK_DB_URL) or fix SIGNLINK_DB_URL";
      } else if (!sqlite && (state.equals("28P01") || state.equals("28000"))) {
        advice = "the user or password was refused. Fix the credentials in SIGNLINK_DB_URL";
      } else if (sqlite && (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)) {
        advice =
            "the file is not a SQLite database or is damaged. Restore it from a backup, or point"
                + " SIGNLINK_DATA_DIR at another folder to start afresh";
      } else if (sqlite
          && (code == SQLITE_READONLY
              || code == SQLITE_CANTOPEN
              || text.contains("permission denied")
              || text.contains("readonly"))) {
        advice =
            "the file or its folder cannot be written. Give the user running SignLink write"
                + " access to it, or set SIGNLINK_DATA_DIR to a folder it can write";
      }
      if (advice != null) {
        return new StoreException(
            StoreException.Kind.UNUSABLE, what + " failed: " + database + ": " + advice + ".", t);
      }
    }
    return null;
  }

  static TransientException unavailable(String what, String database, Throwable cause) {
    return new TransientException(
        TransientException.Kind.DATABASE_UNAVAILABLE,
        what
            + " failed: "
            + database
            + " is unavailable ("
            + cause.getClass().getSimpleName()
            + "). Nothing was written; retry when the database is back.",
        null,
        false,
        cause);
  }

  /** The commit itself failed: the transaction may or may not have been applied. */
  static TransientException commitUnknown(String what, String database, Throwable cause) {
    return new TransientException(
        TransientException.Kind.DATABASE_UNAVAILABLE,
        what
            + " failed while committing to "
            + database
            + " ("
            + cause.getClass().getSimpleName()
            + "); it may or may not have been saved. Re-read before retrying.",
        null,
        true,
        cause);
  }
}
