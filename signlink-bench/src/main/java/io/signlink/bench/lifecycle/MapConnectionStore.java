package io.signlink.bench.lifecycle;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A minimal in-memory {@link ConnectionStore} for benchmarks that measure the token manager, not
 * the database: compare-and-set versions and leases without expiry. Thread-safe.
 */
public final class MapConnectionStore implements ConnectionStore {
  private final Map<String, Connection> rows = new ConcurrentHashMap<>();
  private final Map<String, String> leases = new ConcurrentHashMap<>();

  @Override
  public Optional<Connection> find(String id) {
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public List<Connection> findByOwner(String owner) {
    return rows.values().stream().filter(c -> c.owner().equals(owner)).toList();
  }

  @Override
  public List<Connection> list(int offset, int limit) {
    return rows.values().stream().skip(offset).limit(limit).toList();
  }

  @Override
  public long count() {
    return rows.size();
  }

  @Override
  public synchronized Upserted upsert(ConnectionDraft d) {
    Instant now = Instant.now();
    Connection c =
        new Connection(
            UUID.randomUUID().toString(),
            d.providerId(),
            d.owner(),
            d.subject(),
            d.accountId(),
            d.accountName(),
            d.baseUri(),
            d.accounts(),
            d.scopes(),
            ConnectionStatus.ACTIVE,
            null,
            d.tokens(),
            1,
            now,
            now,
            null);
    rows.put(c.id(), c);
    return new Upserted(c, true);
  }

  @Override
  public synchronized Optional<Connection> compareAndSet(Connection changed) {
    Connection current = rows.get(changed.id());
    if (current == null || current.version() != changed.version()) {
      return Optional.empty();
    }
    Connection stored =
        new Connection(
            changed.id(),
            changed.providerId(),
            changed.owner(),
            changed.subject(),
            changed.accountId(),
            changed.accountName(),
            changed.baseUri(),
            changed.accounts(),
            changed.scopes(),
            changed.status(),
            changed.statusReason(),
            changed.tokens(),
            changed.version() + 1,
            changed.createdAt(),
            changed.updatedAt(),
            changed.lastRefreshedAt(),
            changed.email(),
            changed.displayName(),
            changed.applicationId(),
            changed.callbackValues());
    rows.put(stored.id(), stored);
    return Optional.of(stored);
  }

  @Override
  public boolean delete(String id) {
    return rows.remove(id) != null;
  }

  @Override
  public List<Connection> dueForRefresh(Instant expiringBefore, int limit) {
    return List.of();
  }

  @Override
  public boolean tryLease(String id, String holder, Duration ttl) {
    String previous = leases.putIfAbsent(id, holder);
    return previous == null || previous.equals(holder);
  }

  @Override
  public void releaseLease(String id, String holder) {
    leases.remove(id, holder);
  }

  @Override
  public List<Connection> leaseDue(Instant expiringBefore, int limit, String holder, Duration ttl) {
    return List.of();
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    return () -> {};
  }
}
