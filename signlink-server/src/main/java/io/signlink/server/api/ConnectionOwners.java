package io.signlink.server.api;

import io.signlink.connection.ConnectionStore;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which application each connection belongs to, read from the store once per connection: it never
 * changes for the life of a connection, so the token route and the proxy check ownership without a
 * database read per request. Connection ids that do not exist are not remembered. Thread-safe.
 */
public final class ConnectionOwners {
  private static final int MAX_REMEMBERED = 100_000;

  private final ConnectionStore connections;
  private final ConcurrentHashMap<String, String> applicationOf = new ConcurrentHashMap<>();

  public ConnectionOwners(ConnectionStore connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** The id of the application that owns connection {@code id}, or {@code null} when none does. */
  public String applicationOf(String id) {
    String owner = applicationOf.get(id);
    if (owner == null) {
      owner = connections.applicationOf(id).orElse(null);
      if (owner != null) {
        if (applicationOf.size() >= MAX_REMEMBERED) {
          applicationOf.clear();
        }
        applicationOf.put(id, owner);
      }
    }
    return owner;
  }
}
