package io.signlink.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one pooled connection outside a transaction (reads). */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
