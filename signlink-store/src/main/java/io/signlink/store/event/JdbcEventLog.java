package io.signlink.store.event;

import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.EventLog;
import io.signlink.store.jdbc.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EventLog} in the {@code events} table (SECURITY.md §security-events: security events are
 * kept, without secrets). {@link #onEvent} never throws, as listeners must not: a failed append is
 * logged with the event type and connection id only. Details are stripped of control characters and
 * capped. Thread-safe.
 */
public final class JdbcEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcEventLog.class);
  private static final int MAX_DETAIL = 500;
  private static final String COLUMNS = "connection_id, type, provider_id, owner, at, detail";

  private final Database db;

  public JdbcEventLog(Database db) {
    this.db = db;
  }

  @Override
  public void onEvent(ConnectionEvent e) {
    try {
      db.write(
          "Appending an event",
          tx -> {
            try (PreparedStatement ps =
                tx.connection()
                    .prepareStatement(
                        "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, e.connectionId());
              ps.setString(2, e.type().wireName());
              ps.setString(3, e.providerId());
              ps.setString(4, e.owner());
              ps.setLong(5, e.at().toEpochMilli());
              ps.setString(6, clean(e.detail()));
              ps.executeUpdate();
            }
            return null;
          });
    } catch (RuntimeException failure) {
      LOG.warn(
          "Could not record event {} of connection {}: {}",
          e.type().wireName(),
          e.connectionId(),
          failure.getMessage());
    }
  }

  @Override
  public List<ConnectionEvent> recent(String connectionId, int limit) {
    return select(
        "SELECT " + COLUMNS + " FROM events WHERE connection_id = ? ORDER BY id DESC LIMIT ?",
        ps -> {
          ps.setString(1, connectionId);
          ps.setInt(2, limit);
        });
  }

  @Override
  public List<ConnectionEvent> recent(int limit) {
    return select(
        "SELECT " + COLUMNS + " FROM events ORDER BY id DESC LIMIT ?", ps -> ps.setInt(1, limit));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<ConnectionEvent> select(String sql, Binder binder) {
    return db.read(
        "Reading events",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<ConnectionEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new ConnectionEvent(
                        type(rs.getString("type")),
                        rs.getString("connection_id"),
                        rs.getString("provider_id"),
                        rs.getString("owner"),
                        Instant.ofEpochMilli(rs.getLong("at")),
                        rs.getString("detail")));
              }
            }
            return out;
          }
        });
  }

  private static ConnectionEvent.Type type(String wireName) {
    for (ConnectionEvent.Type t : ConnectionEvent.Type.values()) {
      if (t.wireName().equals(wireName)) {
        return t;
      }
    }
    return ConnectionEvent.Type.UPDATED;
  }

  private static String clean(String detail) {
    if (detail == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(detail.length(), MAX_DETAIL));
    for (int i = 0; i < detail.length() && sb.length() < MAX_DETAIL; i++) {
      char c = detail.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString();
  }
}
