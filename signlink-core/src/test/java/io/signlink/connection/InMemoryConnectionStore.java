package io.signlink.connection;

import io.signlink.error.TransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link ConnectionStore} in memory for unit tests: compare-and-set versions, leases with TTL on
 * an injected clock, and in-process change notifications. Counts reads and can be told to fail
 * writes. Thread-safe (every method synchronises on the store).
 */
public class InMemoryConnectionStore implements ConnectionStore {
  private record Lease(String holder, Instant until) {}

  private final Clock clock;
  private final Map<String, Connection> rows = new ConcurrentHashMap<>();
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  public final AtomicInteger finds = new AtomicInteger();
  public final AtomicInteger failNextWrites = new AtomicInteger();
  private final ThreadLocal<Integer> transactionDepth = ThreadLocal.withInitial(() -> 0);

  public InMemoryConnectionStore(Clock clock) {
    this.clock = clock;
  }

  /** Puts a row as is (version 1), for test setup. */
  public synchronized Connection put(Connection c) {
    Connection stored = withVersion(c, 1);
    rows.put(c.id(), stored);
    notifyChange(c.id());
    return stored;
  }

  /** What is stored now, without counting a read. */
  public Connection peek(String id) {
    return rows.get(id);
  }

  public synchronized Optional<String> leaseHolder(String id) {
    Lease l = leases.get(id);
    return l == null || !clock.instant().isBefore(l.until())
        ? Optional.empty()
        : Optional.of(l.holder());
  }

  @Override
  public Optional<Connection> find(String id) {
    finds.incrementAndGet();
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
    for (Connection c : rows.values()) {
      if (c.providerId().equals(d.providerId())
          && c.applicationId().equals(d.applicationId())
          && c.owner().equals(d.owner())
          && c.subject().equals(d.subject())) {
        Connection updated = c.withRefreshedTokens(d.tokens(), clock.instant());
        Connection stored = withVersion(updated, c.version() + 1);
        rows.put(c.id(), stored);
        notifyChange(c.id());
        return new Upserted(stored, false);
      }
    }
    Instant now = clock.instant();
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
            null,
            d.email(),
            d.displayName(),
            d.applicationId(),
            d.callbackValues());
    rows.put(c.id(), c);
    notifyChange(c.id());
    return new Upserted(c, true);
  }

  @Override
  public synchronized Optional<Connection> compareAndSet(Connection changed) {
    if (failNextWrites.get() > 0) {
      failNextWrites.decrementAndGet();
      throw new TransientException(
          TransientException.Kind.DATABASE_UNAVAILABLE, "test: database down", null, false, null);
    }
    Connection current = rows.get(changed.id());
    if (current == null || current.version() != changed.version()) {
      return Optional.empty();
    }
    Connection stored = withVersion(changed, changed.version() + 1);
    rows.put(changed.id(), stored);
    notifyChange(changed.id());
    return Optional.of(stored);
  }

  /**
   * Marks the calling thread as inside a transaction while {@code work} runs (no rollback: the map
   * has none), so a test can see which work a caller puts inside one.
   */
  @Override
  public <T> T atomically(Supplier<T> work) {
    int depth = transactionDepth.get();
    transactionDepth.set(depth + 1);
    try {
      return work.get();
    } finally {
      transactionDepth.set(depth);
    }
  }

  /** True on a thread running the work of {@link #atomically}. */
  public boolean inTransaction() {
    return transactionDepth.get() > 0;
  }

  @Override
  public synchronized boolean delete(String id) {
    boolean existed = rows.remove(id) != null;
    notifyChange(id);
    return existed;
  }

  @Override
  public List<Connection> dueForRefresh(Instant expiringBefore, int limit) {
    return rows.values().stream()
        .filter(c -> c.status() == ConnectionStatus.ACTIVE && c.tokens() != null)
        .filter(c -> c.tokens().accessExpiresAt().isBefore(expiringBefore))
        .sorted(Comparator.comparing(c -> c.tokens().accessExpiresAt()))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean tryLease(String id, String holder, Duration ttl) {
    Instant now = clock.instant();
    Lease l = leases.get(id);
    if (l == null || !now.isBefore(l.until()) || l.holder().equals(holder)) {
      leases.put(id, new Lease(holder, now.plus(ttl)));
      return true;
    }
    return false;
  }

  @Override
  public synchronized void releaseLease(String id, String holder) {
    Lease l = leases.get(id);
    if (l != null && l.holder().equals(holder)) {
      leases.remove(id);
    }
  }

  @Override
  public synchronized List<Connection> leaseDue(
      Instant expiringBefore, int limit, String holder, Duration ttl) {
    List<Connection> out = new ArrayList<>();
    for (Connection c : dueForRefresh(expiringBefore, Integer.MAX_VALUE)) {
      if (out.size() >= limit) {
        break;
      }
      Lease l = leases.get(c.id());
      if (l == null || !clock.instant().isBefore(l.until())) {
        leases.put(c.id(), new Lease(holder, clock.instant().plus(ttl)));
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void notifyChange(String id) {
    listeners.forEach(l -> l.accept(id));
  }

  private static Connection withVersion(Connection c, long version) {
    return new Connection(
        c.id(),
        c.providerId(),
        c.owner(),
        c.subject(),
        c.accountId(),
        c.accountName(),
        c.baseUri(),
        c.accounts(),
        c.scopes(),
        c.status(),
        c.statusReason(),
        c.tokens(),
        version,
        c.createdAt(),
        c.updatedAt(),
        c.lastRefreshedAt(),
        c.email(),
        c.displayName(),
        c.applicationId(),
        c.callbackValues());
  }
}
