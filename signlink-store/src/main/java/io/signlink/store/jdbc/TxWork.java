package io.signlink.store.jdbc;

import java.sql.SQLException;

/**
 * Work done inside one write transaction; committed when it returns, rolled back when it throws.
 */
@FunctionalInterface
public interface TxWork<T> {
  T run(Tx tx) throws SQLException;
}
