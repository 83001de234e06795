package io.signlink.connection;

import java.util.List;

/** Port: a durable log of connection events (the store's {@code events} table). Thread-safe. */
public interface EventLog extends ConnectionEventListener {

  /** The most recent events of one connection, newest first. */
  List<ConnectionEvent> recent(String connectionId, int limit);

  /** The most recent events of all connections, newest first. */
  List<ConnectionEvent> recent(int limit);
}
