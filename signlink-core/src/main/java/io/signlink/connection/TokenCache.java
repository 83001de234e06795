package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-connection cache behind {@link TokenManager}'s hot path: one immutable {@link Entry} per
 * connection in a {@link ConcurrentHashMap}. A hit is a map get and a compare of epoch
 * milliseconds, with no allocation.
 *
 * <p>Invalidation replaces the entry with a fresh marker object instead of removing it, and a
 * loader stores its result only if the entry it saw before reading the store is still there ({@link
 * #store}): a load that raced with an invalidation (a revoke on another instance) can therefore
 * never put back the state from before it.
 *
 * <p>Coherence does not rest on change notices alone (SECURITY.md §cache-coherence): a dead entry
 * is answered without I/O only until {@link #DEAD_RECHECK} after it was read, then the row is read
 * again, so a connection reconnected elsewhere while this instance missed the notice is served
 * within that bound; and when notices may have been lost (the {@code LISTEN} connection came back)
 * {@link #invalidateAll()} drops every entry. Thread-safe.
 */
final class TokenCache {
  /**
   * How long a dead entry is trusted without reading the row: the longest a connection that is
   * {@code ACTIVE} in the database can still be answered "reauthorization required" here (plus one
   * row read), whatever happened to change notices.
   */
  static final Duration DEAD_RECHECK = Duration.ofSeconds(2);

  /**
   * One cached state: a token served without I/O until {@code serveUntilMillis}, or a dead
   * connection ({@code dead != null}) answered without I/O until {@code recheckAtMillis}, or an
   * invalidation marker (neither).
   */
  static final class Entry {
    final AccessToken token;
    final long serveUntilMillis;
    final ReauthRequiredException dead;
    final long recheckAtMillis;

    private Entry(
        AccessToken token,
        long serveUntilMillis,
        ReauthRequiredException dead,
        long recheckAtMillis) {
      this.token = token;
      this.serveUntilMillis = serveUntilMillis;
      this.dead = dead;
      this.recheckAtMillis = recheckAtMillis;
    }

    static Entry serving(AccessToken token, long serveUntilMillis) {
      return new Entry(token, serveUntilMillis, null, Long.MIN_VALUE);
    }

    /**
     * A dead connection read at {@code readAtMillis}; trusted until {@link #DEAD_RECHECK} later.
     */
    static Entry dead(ReauthRequiredException e, long readAtMillis) {
      return new Entry(null, Long.MIN_VALUE, e, readAtMillis + DEAD_RECHECK.toMillis());
    }

    static Entry invalidated() {
      return new Entry(null, Long.MIN_VALUE, null, Long.MIN_VALUE);
    }

    /** True for a dead entry that may still be answered without reading the row. */
    boolean deadUntil(long nowMillis) {
      return dead != null && nowMillis < recheckAtMillis;
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

  /**
   * Forgets everything, for when change notices may have been lost; racing loads will not restore
   * what they read before.
   */
  void invalidateAll() {
    entries.replaceAll((id, e) -> Entry.invalidated());
  }

  int size() {
    return entries.size();
  }
}
