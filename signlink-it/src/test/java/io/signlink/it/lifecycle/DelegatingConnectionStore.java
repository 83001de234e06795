package io.signlink.it.lifecycle;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A store that hands every call to a real one; the lifecycle tests' wrappers extend it and override
 * only what they change or observe. Thread-safe when the real store is.
 */
abstract class DelegatingConnectionStore implements ConnectionStore {
  protected final ConnectionStore real;

  DelegatingConnectionStore(ConnectionStore real) {
    this.real = real;
  }

  @Override
  public boolean tryLease(String id, String holder, Duration ttl) {
    return real.tryLease(id, holder, ttl);
  }

  @Override
  public void releaseLease(String id, String holder) {
    real.releaseLease(id, holder);
  }

  @Override
  public Optional<Connection> find(String id) {
    return real.find(id);
  }

  @Override
  public List<Connection> findByOwner(String owner) {
    return real.findByOwner(owner);
  }

  @Override
  public List<Connection> list(int offset, int limit) {
    return real.list(offset, limit);
  }

  @Override
  public long count() {
    return real.count();
  }

  @Override
  public Upserted upsert(ConnectionDraft draft) {
    return real.upsert(draft);
  }

  @Override
  public Optional<Connection> compareAndSet(Connection changed) {
    return real.compareAndSet(changed);
  }

  @Override
  public boolean delete(String id) {
    return real.delete(id);
  }

  @Override
  public List<Connection> dueForRefresh(Instant expiringBefore, int limit) {
    return real.dueForRefresh(expiringBefore, limit);
  }

  @Override
  public List<Connection> leaseDue(Instant expiringBefore, int limit, String holder, Duration ttl) {
    return real.leaseDue(expiringBefore, limit, holder, ttl);
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    return real.subscribe(listener);
  }
}
