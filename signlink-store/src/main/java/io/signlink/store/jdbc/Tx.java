package io.signlink.store.jdbc;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * One write transaction: its connection and what to run once it has committed (in-process change
 * notifications). Confined to the thread running the transaction.
 */
public final class Tx {
  private final Connection connection;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Tx(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** Runs {@code action} after a successful commit; never when the transaction rolls back. */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  /** Forgets the actions added from index {@code from} on (their part was rolled back). */
  void dropAfterCommitActionsFrom(int from) {
    afterCommit.subList(from, afterCommit.size()).clear();
  }
}
