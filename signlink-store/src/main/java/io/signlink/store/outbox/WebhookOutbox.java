package io.signlink.store.outbox;

import io.signlink.store.jdbc.Database;
import io.signlink.store.jdbc.Tx;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * The {@code webhook_outbox} table (SECURITY.md §durable-webhooks). Writing an event inserts one
 * row per endpoint in one transaction; a second write of the same event id to the same endpoint is
 * ignored. {@link #claim} hands due rows to one instance at a time under a lease; {@link
 * #delivered}, {@link #retryAt} and {@link #fail} record an attempt's outcome only if the row is
 * still at that attempt, held by that instance. Times come from the injected clock. Thread-safe.
 */
public final class WebhookOutbox {
  private static final String COLUMNS =
      "id, event_id, application_id, endpoint_url, event_type, connection_id, payload, status,"
          + " attempts, next_attempt_at, retry_until, lease_holder, last_attempt_at, last_result,"
          + " created_at, finished_at";
  private static final int MAX_RESULT = 200;

  private final Database db;
  private final Clock clock;

  public WebhookOutbox(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Writes {@code event} for each of its endpoints, due now, retried until {@code retryFor} from
   * now. Returns how many deliveries were written (an endpoint that already has this event is
   * skipped).
   */
  public int enqueue(NewWebhookEvent event, Duration retryFor) {
    return enqueue(event, retryFor, written -> {});
  }

  /**
   * {@link #enqueue(NewWebhookEvent, Duration)}, then {@code committed} with the number written
   * once they are committed: at once, or, when this runs inside a larger transaction (the
   * connection change that caused the event), when that one commits — never when it rolls back.
   */
  public int enqueue(NewWebhookEvent event, Duration retryFor, IntConsumer committed) {
    long now = clock.millis();
    return db.write(
        "Writing a webhook event",
        tx -> {
          int written = 0;
          for (URI endpoint : event.endpoints()) {
            if (!exists(tx, event.eventId(), endpoint)) {
              insert(tx, event, endpoint, now, now + retryFor.toMillis());
              written++;
            }
          }
          int count = written;
          tx.afterCommit(() -> committed.accept(count));
          return written;
        });
  }

  private static boolean exists(Tx tx, String eventId, URI endpoint) throws SQLException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT 1 FROM webhook_outbox WHERE event_id = ? AND endpoint_url = ?")) {
      ps.setString(1, eventId);
      ps.setString(2, endpoint.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insert(Tx tx, NewWebhookEvent e, URI endpoint, long now, long retryUntil)
      throws SQLException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "INSERT INTO webhook_outbox (id, event_id, application_id, endpoint_url,"
                    + " event_type, connection_id, payload, status, attempts, next_attempt_at,"
                    + " retry_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?,"
                    + " ?)")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setString(2, e.eventId());
      ps.setString(3, e.applicationId());
      ps.setString(4, endpoint.toString());
      ps.setString(5, e.eventType());
      ps.setString(6, e.connectionId());
      ps.setString(7, e.payload());
      ps.setLong(8, now);
      ps.setLong(9, retryUntil);
      ps.setLong(10, now);
      ps.executeUpdate();
    }
  }

  /**
   * Claims up to {@code limit} due deliveries for {@code holder}: each gets its next attempt number
   * and a lease of {@code lease}, during which no other instance claims it. When the holder dies,
   * the row becomes due again as its lease ends.
   */
  public List<Delivery> claim(String holder, int limit, Duration lease) {
    Objects.requireNonNull(holder, "holder");
    if (limit <= 0) {
      return List.of();
    }
    long now = clock.millis();
    long until = now + lease.toMillis();
    if (!anyDue(now)) {
      return List.of(); // an idle poll reads; it never takes SQLite's one writer
    }
    return db.write(
        "Claiming webhook deliveries",
        tx ->
            db.backend() == Database.Backend.POSTGRESQL
                ? claimSkipLocked(tx.connection(), holder, limit, now, until)
                : claimCompareAndSet(tx.connection(), holder, limit, now, until));
  }

  private boolean anyDue(long now) {
    return db.read(
        "Looking for due webhook deliveries",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT 1 FROM webhook_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
                      + " LIMIT 1")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /** PostgreSQL: rows another instance is claiming right now are skipped, not waited for. */
  private static List<Delivery> claimSkipLocked(
      Connection c, String holder, int limit, long now, long until) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE webhook_outbox SET attempts = attempts + 1, lease_holder = ?,"
                + " lease_expires_at = ?, next_attempt_at = ?, last_attempt_at = ?"
                + " WHERE id IN (SELECT id FROM webhook_outbox WHERE status = 'PENDING'"
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"
                + " FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS)) {
      ps.setString(1, holder);
      ps.setLong(2, until);
      ps.setLong(3, until);
      ps.setLong(4, now);
      ps.setLong(5, now);
      ps.setInt(6, limit);
      return rows(ps);
    }
  }

  /**
   * SQLite: read due rows, then take each with a compare-and-set on its attempt count, so two
   * processes on one database file never both take a row.
   */
  private static List<Delivery> claimCompareAndSet(
      Connection c, String holder, int limit, long now, long until) throws SQLException {
    List<Delivery> due;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM webhook_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at LIMIT ?")) {
      ps.setLong(1, now);
      ps.setInt(2, limit);
      due = rows(ps);
    }
    List<Delivery> claimed = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE webhook_outbox SET attempts = attempts + 1, lease_holder = ?,"
                + " lease_expires_at = ?, next_attempt_at = ?, last_attempt_at = ?"
                + " WHERE id = ? AND attempts = ? AND status = 'PENDING' AND next_attempt_at <= ?")) {
      for (Delivery d : due) {
        ps.setString(1, holder);
        ps.setLong(2, until);
        ps.setLong(3, until);
        ps.setLong(4, now);
        ps.setString(5, d.id());
        ps.setInt(6, d.attempts());
        ps.setLong(7, now);
        if (ps.executeUpdate() == 1) {
          claimed.add(
              new Delivery(
                  d.id(),
                  d.eventId(),
                  d.applicationId(),
                  d.endpoint(),
                  d.eventType(),
                  d.connectionId(),
                  d.payload(),
                  d.status(),
                  d.attempts() + 1,
                  Instant.ofEpochMilli(until),
                  d.retryUntil(),
                  holder,
                  Instant.ofEpochMilli(now),
                  d.lastResult(),
                  d.createdAt(),
                  null));
        }
      }
    }
    return claimed;
  }

  /** Records that the claimed attempt was answered 2xx; false when the attempt is not the row's. */
  public boolean delivered(Delivery claimed, String result) {
    return finish(claimed, DeliveryStatus.DELIVERED, result);
  }

  /**
   * Records that the claimed attempt was refused for good or ran out of time; see {@link #fail}.
   */
  public boolean fail(Delivery claimed, String result) {
    return finish(claimed, DeliveryStatus.FAILED, result);
  }

  private boolean finish(Delivery claimed, DeliveryStatus status, String result) {
    long now = clock.millis();
    return update(
        "Recording a webhook delivery",
        "status = ?, finished_at = ?, next_attempt_at = ?",
        claimed,
        result,
        ps -> {
          ps.setString(1, status.name());
          ps.setLong(2, now);
          ps.setLong(3, now);
        },
        3);
  }

  /**
   * Records that the claimed attempt failed and the delivery is due again at {@code next}; false
   * when the attempt is not the row's.
   */
  public boolean retryAt(Delivery claimed, Instant next, String result) {
    return update(
        "Rescheduling a webhook delivery",
        "next_attempt_at = ?",
        claimed,
        result,
        ps -> ps.setLong(1, next.toEpochMilli()),
        1);
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** The outcome of one attempt, only while the row is still at that attempt, with that holder. */
  private boolean update(
      String what, String set, Delivery claimed, String result, Binder binder, int bound) {
    return db.write(
        what,
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE webhook_outbox SET "
                          + set
                          + ", last_result = ?, lease_holder = NULL, lease_expires_at = NULL"
                          + " WHERE id = ? AND attempts = ? AND lease_holder = ?"
                          + " AND status = 'PENDING'")) {
            binder.bind(ps);
            ps.setString(bound + 1, clip(result));
            ps.setString(bound + 2, claimed.id());
            ps.setInt(bound + 3, claimed.attempts());
            ps.setString(bound + 4, claimed.leaseHolder());
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Sends a given-up delivery again: it is due now and retried until {@code retryFor} from now.
   * False when the application has no such delivery or it is not {@link DeliveryStatus#FAILED}.
   */
  public boolean redeliver(String applicationId, String deliveryId, Duration retryFor) {
    long now = clock.millis();
    return db.write(
        "Sending a webhook delivery again",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE webhook_outbox SET status = 'PENDING', next_attempt_at = ?,"
                          + " retry_until = ?, finished_at = NULL WHERE id = ?"
                          + " AND application_id = ? AND status = 'FAILED'")) {
            ps.setLong(1, now);
            ps.setLong(2, now + retryFor.toMillis());
            ps.setString(3, deliveryId);
            ps.setString(4, applicationId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** One of the application's deliveries. */
  public Optional<Delivery> find(String applicationId, String deliveryId) {
    return db.read(
        "Reading a webhook delivery",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM webhook_outbox WHERE id = ? AND application_id = ?")) {
            ps.setString(1, deliveryId);
            ps.setString(2, applicationId);
            return rows(ps).stream().findFirst();
          }
        });
  }

  /** The application's newest deliveries, of one status or ({@code status} null) of any. */
  public List<Delivery> list(String applicationId, DeliveryStatus status, int limit) {
    return db.read(
        "Reading webhook deliveries",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM webhook_outbox WHERE application_id = ?"
                      + (status == null ? "" : " AND status = ?")
                      + " ORDER BY created_at DESC, id LIMIT ?")) {
            int i = 1;
            ps.setString(i++, applicationId);
            if (status != null) {
              ps.setString(i++, status.name());
            }
            ps.setInt(i, limit);
            return rows(ps);
          }
        });
  }

  /**
   * How many deliveries are in each status, for one application or ({@code applicationId} null)
   * all.
   */
  public Map<DeliveryStatus, Long> counts(String applicationId) {
    return db.read(
        "Counting webhook deliveries",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status, COUNT(*) FROM webhook_outbox"
                      + (applicationId == null ? "" : " WHERE application_id = ?")
                      + " GROUP BY status")) {
            if (applicationId != null) {
              ps.setString(1, applicationId);
            }
            Map<DeliveryStatus, Long> out = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus s : DeliveryStatus.values()) {
              out.put(s, 0L);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
              }
            }
            return out;
          }
        });
  }

  /**
   * Deletes deliveries that ended: delivered ones before {@code deliveredBefore}, given-up ones
   * before {@code failedBefore}. Returns how many rows went.
   */
  public int purge(Instant deliveredBefore, Instant failedBefore) {
    return db.write(
        "Deleting old webhook deliveries",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "DELETE FROM webhook_outbox WHERE (status = 'DELIVERED' AND finished_at < ?)"
                          + " OR (status = 'FAILED' AND finished_at < ?)")) {
            ps.setLong(1, deliveredBefore.toEpochMilli());
            ps.setLong(2, failedBefore.toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  private static List<Delivery> rows(PreparedStatement ps) throws SQLException {
    List<Delivery> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Delivery(
                rs.getString("id"),
                rs.getString("event_id"),
                rs.getString("application_id"),
                URI.create(rs.getString("endpoint_url")),
                rs.getString("event_type"),
                rs.getString("connection_id"),
                rs.getString("payload"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "retry_until"),
                rs.getString("lease_holder"),
                instant(rs, "last_attempt_at"),
                rs.getString("last_result"),
                instant(rs, "created_at"),
                instant(rs, "finished_at")));
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String clip(String result) {
    if (result == null) {
      return null;
    }
    String oneLine = result.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= MAX_RESULT ? oneLine : oneLine.substring(0, MAX_RESULT);
  }
}
