package io.signlink.store.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import io.signlink.error.StoreException;
import io.signlink.oauth.TokenSet;
import io.signlink.store.crypto.Sealed;
import io.signlink.store.crypto.TokenCipher;
import io.signlink.store.jdbc.ChangeFeed;
import io.signlink.store.jdbc.Database;
import io.signlink.store.jdbc.Tx;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link ConnectionStore} on SQLite or PostgreSQL. Tokens are sealed with {@link TokenCipher}
 * (associated data: connection id + column + key id); everything needed to query (status, expiry,
 * lease) is plain. Every write is one transaction and announces the id on the {@link ChangeFeed}
 * (PostgreSQL {@code NOTIFY} inside the transaction). Writes bump {@code version}; {@link
 * #compareAndSet} only wins against the version it read (SECURITY.md §atomic-writes). Leases are a
 * holder and an expiry taken with a conditional {@code UPDATE} (SECURITY.md §single-refresh).
 * Thread-safe.
 */
public final class JdbcConnectionStore implements ConnectionStore {
  private static final int MAX_PAGE = 1000;

  private final Database db;
  private final ChangeFeed feed;
  private final Clock clock;
  private final ConnectionRows rows;

  public JdbcConnectionStore(Database db, TokenCipher cipher, ChangeFeed feed, Clock clock) {
    this.db = db;
    this.feed = feed;
    this.clock = clock;
    this.rows = new ConnectionRows(cipher, new ObjectMapper());
  }

  @Override
  public Optional<Connection> find(String id) {
    return db.read(
        "Reading a connection",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + ConnectionRows.COLUMNS + " FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rows.strict(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<String> applicationOf(String id) {
    return db.read(
        "Reading a connection's application",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT application_id FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public List<Connection> findByOwner(String owner) {
    return query(
        "Listing an owner's connections",
        "SELECT "
            + ConnectionRows.COLUMNS
            + " FROM connections WHERE owner = ? ORDER BY created_at DESC, id DESC",
        ps -> ps.setString(1, owner));
  }

  @Override
  public List<Connection> findByOwner(String applicationId, String owner) {
    return query(
        "Listing an owner's connections",
        "SELECT "
            + ConnectionRows.COLUMNS
            + " FROM connections WHERE application_id = ? AND owner = ?"
            + " ORDER BY created_at DESC, id DESC",
        ps -> {
          ps.setString(1, applicationId);
          ps.setString(2, owner);
        });
  }

  @Override
  public List<Connection> listByApplication(String applicationId, int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_PAGE);
    }
    return query(
        "Listing an application's connections",
        "SELECT "
            + ConnectionRows.COLUMNS
            + " FROM connections WHERE application_id = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        ps -> {
          ps.setString(1, applicationId);
          ps.setInt(2, limit);
          ps.setInt(3, offset);
        });
  }

  @Override
  public List<Connection> list(int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_PAGE);
    }
    return query(
        "Listing connections",
        "SELECT "
            + ConnectionRows.COLUMNS
            + " FROM connections ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        ps -> {
          ps.setInt(1, limit);
          ps.setInt(2, offset);
        });
  }

  @Override
  public long count() {
    return db.read(
        "Counting connections",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM connections");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public Upserted upsert(ConnectionDraft draft) {
    try {
      return db.write("Saving a connection", tx -> upsertIn(tx, draft));
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.CONFLICT) {
        throw e;
      }
      // PostgreSQL: another instance inserted the same account between our SELECT and INSERT;
      // the row exists now, so the second attempt updates it.
      return db.write("Saving a connection", tx -> upsertIn(tx, draft));
    }
  }

  private Upserted upsertIn(Tx tx, ConnectionDraft d) throws SQLException {
    Instant now = now();
    String accountKey = d.accountId() == null ? "" : d.accountId();
    String existingId = null;
    long version = 0;
    Instant createdAt = now;
    Instant lastRefreshed = null;
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT id, version, created_at, last_refreshed_at FROM connections"
                    + " WHERE application_id = ? AND provider_id = ? AND owner = ? AND subject = ?"
                    + " AND account_id = ?")) {
      ps.setString(1, d.applicationId());
      ps.setString(2, d.providerId());
      ps.setString(3, d.owner());
      ps.setString(4, d.subject());
      ps.setString(5, accountKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          existingId = rs.getString(1);
          version = rs.getLong(2);
          createdAt = Instant.ofEpochMilli(rs.getLong(3));
          lastRefreshed = ConnectionRows.instant(rs, "last_refreshed_at");
        }
      }
    }
    boolean created = existingId == null;
    String id = created ? UUID.randomUUID().toString() : existingId;
    long newVersion = created ? 1 : version + 1;
    Sealed sealed = rows.seal(d.tokens(), id);
    String sql =
        created
            ? "INSERT INTO connections (account_name, base_uri, accounts_json, scopes, status,"
                + " status_reason, token_ciphertext, key_id, access_expires_at, refresh_expires_at,"
                + " version, updated_at, email, display_name, callback_values, provider_id, owner,"
                + " subject, account_id, created_at, application_id, id)"
                + " VALUES (?, ?, ?, ?, 'ACTIVE', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)"
            : "UPDATE connections SET account_name = ?, base_uri = ?, accounts_json = ?, scopes = ?,"
                + " status = 'ACTIVE', status_reason = NULL, token_ciphertext = ?, key_id = ?,"
                + " access_expires_at = ?, refresh_expires_at = ?, version = ?, updated_at = ?,"
                + " email = ?, display_name = ?, callback_values = ?"
                + " WHERE id = ?";
    try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, d.accountName());
      ps.setString(i++, d.baseUri());
      ps.setString(i++, rows.accounts().accountsToJson(d.accounts()));
      ps.setString(i++, AccountsCodec.scopesToText(d.scopes()));
      ps.setBytes(i++, sealed.ciphertext());
      ps.setLong(i++, sealed.keyId());
      ps.setLong(i++, d.tokens().accessExpiresAt().toEpochMilli());
      setInstant(ps, i++, d.tokens().refreshExpiresAt());
      ps.setLong(i++, newVersion);
      ps.setLong(i++, now.toEpochMilli());
      ps.setString(i++, d.email());
      ps.setString(i++, d.displayName());
      // a reconnect replaces the hosts with the ones its own redirect named
      ps.setString(i++, rows.accounts().valuesToJson(d.callbackValues()));
      if (created) {
        ps.setString(i++, d.providerId());
        ps.setString(i++, d.owner());
        ps.setString(i++, d.subject());
        ps.setString(i++, accountKey);
        ps.setLong(i++, now.toEpochMilli());
        ps.setString(i++, d.applicationId());
      }
      ps.setString(i, id);
      ps.executeUpdate();
    }
    feed.changed(tx, id);
    Connection stored =
        new Connection(
            id,
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
            truncate(d.tokens()),
            newVersion,
            createdAt,
            now,
            lastRefreshed,
            d.email(),
            d.displayName(),
            d.applicationId(),
            d.callbackValues());
    return new Upserted(stored, created);
  }

  @Override
  public Optional<Connection> compareAndSet(Connection changed) {
    return db.write(
        "Updating a connection",
        tx -> {
          Instant now = now();
          boolean withTokens = changed.tokens() != null;
          Sealed sealed = withTokens ? rows.seal(changed.tokens(), changed.id()) : null;
          String sql =
              "UPDATE connections SET account_id = ?, account_name = ?, base_uri = ?,"
                  + " accounts_json = ?, scopes = ?, status = ?, status_reason = ?,"
                  + " last_refreshed_at = ?, updated_at = ?, version = version + 1,"
                  + " email = ?, display_name = ?"
                  + (withTokens
                      ? ", token_ciphertext = ?, key_id = ?, access_expires_at = ?,"
                          + " refresh_expires_at = ?"
                      : "")
                  + " WHERE id = ? AND version = ?";
          try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, changed.accountId() == null ? "" : changed.accountId());
            ps.setString(i++, changed.accountName());
            ps.setString(i++, changed.baseUri());
            ps.setString(i++, rows.accounts().accountsToJson(changed.accounts()));
            ps.setString(i++, AccountsCodec.scopesToText(changed.scopes()));
            ps.setString(i++, changed.status().name());
            ps.setString(i++, changed.statusReason());
            setInstant(ps, i++, changed.lastRefreshedAt());
            ps.setLong(i++, now.toEpochMilli());
            ps.setString(i++, changed.email());
            ps.setString(i++, changed.displayName());
            if (withTokens) {
              ps.setBytes(i++, sealed.ciphertext());
              ps.setLong(i++, sealed.keyId());
              ps.setLong(i++, changed.tokens().accessExpiresAt().toEpochMilli());
              setInstant(ps, i++, changed.tokens().refreshExpiresAt());
            }
            ps.setString(i++, changed.id());
            ps.setLong(i, changed.version());
            if (ps.executeUpdate() == 0) {
              return Optional.<Connection>empty();
            }
          }
          feed.changed(tx, changed.id());
          return Optional.of(
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
                  withTokens ? truncate(changed.tokens()) : null,
                  changed.version() + 1,
                  changed.createdAt(),
                  now,
                  changed.lastRefreshedAt(),
                  changed.email(),
                  changed.displayName(),
                  changed.applicationId(),
                  changed.callbackValues()));
        });
  }

  /** One transaction of this store's database; the stores on it that {@code work} uses join it. */
  @Override
  public <T> T atomically(Supplier<T> work) {
    return db.write("Changing a connection", tx -> work.get());
  }

  @Override
  public boolean delete(String id) {
    return db.write(
        "Deleting a connection",
        tx -> {
          try (PreparedStatement ps =
              tx.connection().prepareStatement("DELETE FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            if (ps.executeUpdate() == 0) {
              return false;
            }
          }
          feed.changed(tx, id);
          return true;
        });
  }

  /**
   * The due query (public for plan checks); its {@code status = 'ACTIVE'} literal lets both engines
   * use the partial index.
   */
  public static final String DUE_QUERY =
      "SELECT "
          + ConnectionRows.COLUMNS
          + " FROM connections"
          + " WHERE status = 'ACTIVE' AND access_expires_at < ?"
          + " ORDER BY access_expires_at LIMIT ?";

  @Override
  public List<Connection> dueForRefresh(Instant expiringBefore, int limit) {
    return query(
        "Finding connections due for refresh",
        DUE_QUERY,
        ps -> {
          ps.setLong(1, expiringBefore.toEpochMilli());
          ps.setInt(2, limit);
        });
  }

  @Override
  public boolean tryLease(String id, String holder, Duration ttl) {
    return db.write(
        "Taking a refresh lease",
        tx -> {
          long now = now().toEpochMilli();
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE connections SET lease_holder = ?, lease_expires_at = ? WHERE id = ?"
                          + " AND (lease_holder IS NULL OR lease_expires_at <= ? OR lease_holder = ?)")) {
            ps.setString(1, holder);
            ps.setLong(2, now + ttl.toMillis());
            ps.setString(3, id);
            ps.setLong(4, now);
            ps.setString(5, holder);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public LeaseGrant acquireLease(String id, String holder, Duration ttl) {
    // the previous holder is read under a row lock (PostgreSQL FOR UPDATE; SQLite has one writer)
    // so a lease that expired without being released is told apart from a free one
    String lock = db.backend() == Database.Backend.POSTGRESQL ? " FOR UPDATE" : "";
    return db.write(
        "Taking a refresh lease",
        tx -> {
          long now = now().toEpochMilli();
          String previous;
          long previousExpiry;
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "SELECT lease_holder, lease_expires_at FROM connections WHERE id = ?"
                          + lock)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return LeaseGrant.HELD; // no such row: the caller's re-read reports it
              }
              previous = rs.getString(1);
              previousExpiry = rs.getLong(2);
            }
          }
          boolean other = previous != null && !previous.equals(holder);
          if (other && previousExpiry > now) {
            return LeaseGrant.HELD;
          }
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE connections SET lease_holder = ?, lease_expires_at = ? WHERE id = ?")) {
            ps.setString(1, holder);
            ps.setLong(2, now + ttl.toMillis());
            ps.setString(3, id);
            ps.executeUpdate();
          }
          return other ? LeaseGrant.TAKEN_OVER : LeaseGrant.GRANTED;
        });
  }

  /**
   * Prefilters on the time tokens were last refreshed or the row created (never later than when the
   * stored tokens were obtained, up to the commit's few milliseconds), then keeps the rows whose
   * decrypted tokens really are that old.
   */
  @Override
  public List<Connection> idleSince(String providerId, Instant obtainedBefore, int limit) {
    List<Connection> candidates =
        query(
            "Finding connections with idle refresh tokens",
            "SELECT "
                + ConnectionRows.COLUMNS
                + " FROM connections WHERE status = 'ACTIVE' AND provider_id = ?"
                + " AND COALESCE(last_refreshed_at, created_at) < ?"
                + " ORDER BY COALESCE(last_refreshed_at, created_at) LIMIT ?",
            ps -> {
              ps.setString(1, providerId);
              ps.setLong(2, obtainedBefore.plusSeconds(60).toEpochMilli());
              ps.setInt(3, limit);
            });
    List<Connection> out = new ArrayList<>();
    for (Connection c : candidates) {
      if (c.tokensReadable() && c.tokens().receivedAt().isBefore(obtainedBefore)) {
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public void releaseLease(String id, String holder) {
    db.write(
        "Releasing a refresh lease",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE connections SET lease_holder = NULL, lease_expires_at = NULL"
                          + " WHERE id = ? AND lease_holder = ?")) {
            ps.setString(1, id);
            ps.setString(2, holder);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<Connection> leaseDue(Instant expiringBefore, int limit, String holder, Duration ttl) {
    // PostgreSQL: rows another instance is leasing right now are skipped, not waited for, and
    // re-checked after locking, so concurrent callers get disjoint batches. SQLite: the statement
    // runs on the single writer, so it is atomic within the process by construction.
    String lock = db.backend() == Database.Backend.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    String sql =
        "UPDATE connections SET lease_holder = ?, lease_expires_at = ? WHERE id IN ("
            + "SELECT id FROM connections WHERE status = 'ACTIVE' AND access_expires_at < ?"
            + " AND (lease_holder IS NULL OR lease_expires_at <= ?)"
            + " ORDER BY access_expires_at LIMIT ?"
            + lock
            + ") RETURNING "
            + ConnectionRows.COLUMNS;
    List<Connection> leased =
        db.write(
            "Leasing due connections",
            tx -> {
              long now = now().toEpochMilli();
              List<Connection> out = new ArrayList<>();
              List<Long> expiries = new ArrayList<>();
              try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
                ps.setString(1, holder);
                ps.setLong(2, now + ttl.toMillis());
                ps.setLong(3, expiringBefore.toEpochMilli());
                ps.setLong(4, now);
                ps.setInt(5, limit);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(rows.lenient(rs));
                    expiries.add(rs.getLong("access_expires_at"));
                  }
                }
              }
              return sortByExpiry(out, expiries);
            });
    return leased;
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener) {
    return feed.subscribe(listener);
  }

  @Override
  public AutoCloseable subscribe(Consumer<String> listener, Runnable missed) {
    return feed.subscribe(listener, missed);
  }

  private static List<Connection> sortByExpiry(List<Connection> list, List<Long> expiries) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingLong(expiries::get).thenComparing(i -> list.get(i).id()));
    List<Connection> sorted = new ArrayList<>(list.size());
    order.forEach(i -> sorted.add(list.get(i)));
    return sorted;
  }

  /** Binds parameters of a listing query. */
  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Connection> query(String what, String sql, Binder binder) {
    return db.read(
        what,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Connection> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rows.lenient(rs));
              }
            }
            return out;
          }
        });
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }

  /** The token set as it reads back: instants kept to the millisecond, like the columns. */
  private static TokenSet truncate(TokenSet t) {
    return new TokenSet(
        t.accessToken(),
        t.tokenType(),
        t.refreshToken(),
        t.idToken(),
        t.scopes(),
        Instant.ofEpochMilli(t.receivedAt().toEpochMilli()),
        Instant.ofEpochMilli(t.accessExpiresAt().toEpochMilli()),
        t.refreshExpiresAt() == null
            ? null
            : Instant.ofEpochMilli(t.refreshExpiresAt().toEpochMilli()));
  }
}
