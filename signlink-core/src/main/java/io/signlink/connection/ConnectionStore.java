package io.signlink.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Port: the encrypted vault of connections. Implemented by {@code signlink-store} on SQLite and
 * PostgreSQL. Every method is thread-safe; every write is one transaction (no partial rows,
 * SECURITY.md §atomic-writes). Database outages surface as {@link
 * io.signlink.error.TransientException} with kind {@code DATABASE_UNAVAILABLE}.
 */
public interface ConnectionStore {

  /** Result of {@link #upsert}: the stored connection and whether it was new. */
  record Upserted(Connection connection, boolean created) {}

  /**
   * The connection with this id, tokens decrypted.
   *
   * @throws io.signlink.error.StoreException with kind {@code DECRYPTION_FAILED} when its
   *     ciphertext does not decrypt
   */
  Optional<Connection> find(String id);

  /**
   * The application connection {@code id} belongs to, without decrypting anything (ownership checks
   * answer 404 for another application's connection before touching its tokens).
   */
  default Optional<String> applicationOf(String id) {
    return find(id).map(Connection::applicationId);
  }

  /**
   * The owner's connections, newest first; undecryptable rows come back with {@code tokens ==
   * null}.
   */
  List<Connection> findByOwner(String owner);

  /**
   * The owner's connections in one application, newest first (SECURITY.md §applications: another
   * application's owner of the same name is someone else).
   */
  default List<Connection> findByOwner(String applicationId, String owner) {
    return findByOwner(owner).stream()
        .filter(c -> c.applicationId().equals(applicationId))
        .toList();
  }

  /** One application's connections, newest first, paged. */
  default List<Connection> listByApplication(String applicationId, int offset, int limit) {
    return list(0, Math.min(1000, offset + limit)).stream()
        .filter(c -> c.applicationId().equals(applicationId))
        .skip(offset)
        .limit(limit)
        .toList();
  }

  /**
   * All connections, newest first, paged; undecryptable rows come back with {@code tokens == null}.
   */
  List<Connection> list(int offset, int limit);

  /** How many connections are stored. */
  long count();

  /**
   * Creates the connection, or updates the one with the same {@code (applicationId, providerId,
   * owner, subject, accountId)}: new tokens, accounts and scopes, status back to {@code ACTIVE},
   * version bumped.
   */
  Upserted upsert(ConnectionDraft draft);

  /**
   * Writes {@code changed} if the stored version still equals {@code changed.version()} (
   * SECURITY.md §atomic-writes). Returns the stored connection with the next version, or empty when
   * another writer won (the caller re-reads and decides again).
   */
  Optional<Connection> compareAndSet(Connection changed);

  /** Deletes the connection; false when it did not exist. */
  boolean delete(String id);

  /**
   * Runs {@code work} as one transaction: the writes it makes through this store, and through other
   * stores on the same database (the event log, the webhook outbox), commit together or not at all
   * (SECURITY.md §durable-webhooks). A store without transactions of its own runs {@code work} as
   * it is, which is the default.
   */
  default <T> T atomically(Supplier<T> work) {
    return work.get();
  }

  /**
   * Active connections whose access token expires before {@code expiringBefore}, soonest first, via
   * an index on the expiry column.
   */
  List<Connection> dueForRefresh(Instant expiringBefore, int limit);

  /**
   * Takes the refresh lease of one connection for {@code holder} until now + {@code ttl}: true when
   * it was free, expired, or already held by {@code holder}. Across instances sharing PostgreSQL at
   * most one holder has a live lease (SECURITY.md §single-refresh).
   */
  boolean tryLease(String id, String holder, Duration ttl);

  /** How {@link #acquireLease} went. */
  enum LeaseGrant {
    /** The lease was free (or already this holder's) and is now {@code holder}'s. */
    GRANTED,
    /**
     * The lease is now {@code holder}'s, taken from another holder whose lease expired without
     * being released: that holder died or stalled in the middle of a refresh, so whether its
     * refresh reached the provider is unknown (SECURITY.md §lost-refresh).
     */
    TAKEN_OVER,
    /** Another holder has a live lease. */
    HELD;

    public boolean granted() {
      return this != HELD;
    }
  }

  /**
   * {@link #tryLease}, telling a lease taken over from a holder that never released it apart from a
   * free one. The default cannot tell them apart and answers {@code GRANTED}; the SQL store does.
   */
  default LeaseGrant acquireLease(String id, String holder, Duration ttl) {
    return tryLease(id, holder, ttl) ? LeaseGrant.GRANTED : LeaseGrant.HELD;
  }

  /**
   * Active connections of {@code providerId} whose tokens were obtained before {@code
   * obtainedBefore} (their refresh token has been idle since), oldest first: the refresh-token
   * keep-alive's candidates. The default scans {@link #list}; the SQL store queries.
   */
  default List<Connection> idleSince(String providerId, Instant obtainedBefore, int limit) {
    List<Connection> out = new java.util.ArrayList<>();
    for (int offset = 0; ; offset += 500) {
      List<Connection> page = list(offset, 500);
      for (Connection c : page) {
        if (c.providerId().equals(providerId)
            && c.status() == ConnectionStatus.ACTIVE
            && c.tokensReadable()
            && c.tokens().receivedAt().isBefore(obtainedBefore)) {
          out.add(c);
        }
      }
      if (page.size() < 500) {
        break;
      }
    }
    out.sort(java.util.Comparator.comparing(c -> c.tokens().receivedAt()));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /** Gives the lease back if {@code holder} still has it. */
  void releaseLease(String id, String holder);

  /**
   * Atomically leases up to {@code limit} due connections (as {@link #dueForRefresh}) whose lease
   * is free, for the background refresher; several instances calling it at once get disjoint sets
   * (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
   */
  List<Connection> leaseDue(Instant expiringBefore, int limit, String holder, Duration ttl);

  /**
   * Calls {@code listener} with the connection id after every committed write to a connection
   * (upsert, compare-and-set, delete) by any instance sharing the database: PostgreSQL through
   * {@code LISTEN/NOTIFY}, SQLite within the process. Close the handle to stop.
   */
  AutoCloseable subscribe(Consumer<String> listener);

  /**
   * As {@link #subscribe(Consumer)}, and calls {@code missed} when notices may have been lost: on
   * PostgreSQL, each time the {@code LISTEN} connection is back after a disconnect (PostgreSQL does
   * not replay what was sent meanwhile), so the subscriber must drop or re-check everything it
   * cached (SECURITY.md §cache-coherence). A store that cannot lose notices (in-process delivery)
   * never calls it, which is what this default does.
   */
  default AutoCloseable subscribe(Consumer<String> listener, Runnable missed) {
    return subscribe(listener);
  }
}
