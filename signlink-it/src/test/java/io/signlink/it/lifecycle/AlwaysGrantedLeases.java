package io.signlink.it.lifecycle;

import io.signlink.connection.ConnectionStore;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The negative control of SECURITY.md §single-refresh: a store whose refresh lease is always
 * granted, so instances no longer exclude each other. Everything else goes to the real store.
 */
final class AlwaysGrantedLeases extends DelegatingConnectionStore {

  AlwaysGrantedLeases(ConnectionStore real) {
    super(real);
  }

  @Override
  public boolean tryLease(String id, String holder, Duration ttl) {
    return true;
  }

  @Override
  public void releaseLease(String id, String holder) {}

  @Override
  public AutoCloseable subscribe(Consumer<String> listener, Runnable missed) {
    return real.subscribe(listener, missed);
  }
}
