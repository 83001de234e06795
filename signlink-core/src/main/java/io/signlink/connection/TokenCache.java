package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection cache behind {@link TokenManager}'s hot path: one immutable {@link Entry} per
 * connection in a {@link ConcurrentHashMap}. A hit is a map get and a compare of epoch
 * milliseconds, with no allocation.
 *
 * <p>Invalidation replaces the entry with a fresh marker object instead of removing it, and a
 * loader stores its result only if the entry it saw before reading the store is still there ({@link
 * #store}): a load that raced with an invalidation (a revoke on another instance) can therefore
 * never put back the state from before it. Thread-safe.
 */
final class TokenCache {

  /**
   * One cached state: a token served without I/O until {@code serveUntilMillis}, or a dead
   * connection ({@code dead != null}) answered without I/O, or an invalidation marker (neither).
   */
  static final class Entry {
    final AccessToken token;
    final long serveUntilMillis;
    final ReauthRequiredException dead;

    private Entry(AccessToken token, long serveUntilMillis, ReauthRequiredException dead) {
      this.token = token;
      this.serveUntilMillis = serveUntilMillis;
      this.dead = dead;
    }

    static Entry serving(AccessToken token, long serveUntilMillis) {
      return new Entry(token, serveUntilMillis, null);
    }

    static Entry dead(ReauthRequiredException e) {
      return new Entry(null, Long.MIN_VALUE, e);
    }

    static Entry invalidated() {
      return new Entry(null, Long.MIN_VALUE, null);
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  Entry get(String connectionId) {
    return entries.get(connectionId);
  }

  /**
   * Stores {@code next} unless the entry changed since {@code seen} was read (seen may be null).
   */
  void store(String connectionId, Entry seen, Entry next) {
    if (seen == null) {
      entries.putIfAbsent(connectionId, next);
    } else {
      entries.replace(connectionId, seen, next);
    }
  }

  /** Forgets what is known about the connection; racing loads will not restore it. */
  void invalidate(String connectionId) {
    entries.put(connectionId, Entry.invalidated());
  }

  int size() {
    return entries.size();
  }
}
