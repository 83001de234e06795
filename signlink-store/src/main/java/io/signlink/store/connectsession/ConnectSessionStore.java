package io.signlink.store.connectsession;

import io.signlink.oauth.Secret;
import io.signlink.store.jdbc.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code connect_sessions} table (SECURITY.md §connect-sessions). A token is {@code cs_} + 32
 * random bytes in base64url; only its SHA-256 is stored, and a token is found by that hash. {@link
 * #markUsed} is one conditional {@code UPDATE}: of concurrent attempts to start a flow from one
 * session, exactly one wins. Times are read from the injected clock. Thread-safe.
 */
public final class ConnectSessionStore {
  /** Every token starts with this. */
  public static final String TOKEN_PREFIX = "cs_";

  /** The longest a session may live. */
  public static final Duration MAX_TTL = Duration.ofMinutes(30);

  private static final String COLUMNS =
      "id, application_id, owner, email, display_name, tags, allowed_providers, return_url,"
          + " connection_id, allow_different_subject, created_at, expires_at, used_at";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ConnectSessionStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Creates a session; the plaintext token is in the result and nowhere else. */
  public IssuedConnectSession create(NewConnectSession n) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Duration ttl =
        n.ttl() == null || n.ttl().compareTo(MAX_TTL) > 0 || n.ttl().isNegative()
            ? MAX_TTL
            : n.ttl();
    Instant now = Instant.ofEpochMilli(clock.millis());
    ConnectSession s =
        new ConnectSession(
            UUID.randomUUID().toString(),
            n.applicationId(),
            n.owner(),
            n.email(),
            n.displayName(),
            n.tagsJson(),
            n.allowedProviders(),
            n.returnUrl(),
            n.connectionId(),
            n.allowDifferentSubject(),
            now,
            now.plus(ttl),
            null);
    db.write(
        "Creating a connect session",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "INSERT INTO connect_sessions (token_hash, "
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, hash(token));
            ps.setString(2, s.id());
            ps.setString(3, s.applicationId());
            ps.setString(4, s.owner());
            ps.setString(5, s.email());
            ps.setString(6, s.displayName());
            ps.setString(7, s.tagsJson());
            ps.setString(8, String.join(" ", s.allowedProviders()));
            ps.setString(9, s.returnUrl());
            ps.setString(10, s.connectionId());
            ps.setBoolean(11, s.allowDifferentSubject());
            ps.setLong(12, s.createdAt().toEpochMilli());
            ps.setLong(13, s.expiresAt().toEpochMilli());
            ps.setNull(14, Types.BIGINT);
            ps.executeUpdate();
          }
          return null;
        });
    return new IssuedConnectSession(s, Secret.of(token));
  }

  /** The session of {@code token} (used or expired ones too), or empty. */
  public Optional<ConnectSession> findByToken(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    return findWhere("token_hash", hash(token));
  }

  /** The session with this id, or empty. */
  public Optional<ConnectSession> find(String id) {
    return id == null ? Optional.empty() : findWhere("id", id);
  }

  /**
   * Spends the session: true for the one caller that marked it used while it was unused and
   * unexpired, false for everyone else.
   */
  public boolean markUsed(String id) {
    long now = clock.millis();
    return db.write(
        "Using a connect session",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE connect_sessions SET used_at = ?"
                          + " WHERE id = ? AND used_at IS NULL AND expires_at > ?")) {
            ps.setLong(1, now);
            ps.setString(2, id);
            ps.setLong(3, now);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * Deletes sessions that expired before {@code cutoff}; returns how many. Kept past their expiry
   * for a while because the callback of a flow started just before expiry still reads its session.
   */
  public int purgeExpiredBefore(Instant cutoff) {
    return db.write(
        "Purging expired connect sessions",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement("DELETE FROM connect_sessions WHERE expires_at < ?")) {
            ps.setLong(1, cutoff.toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  private Optional<ConnectSession> findWhere(String column, String value) {
    return db.read(
        "Reading a connect session",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM connect_sessions WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.<ConnectSession>empty();
            }
          }
        });
  }

  private static ConnectSession map(ResultSet rs) throws SQLException {
    long used = rs.getLong("used_at");
    Instant usedAt = rs.wasNull() ? null : Instant.ofEpochMilli(used);
    String providers = rs.getString("allowed_providers");
    return new ConnectSession(
        rs.getString("id"),
        rs.getString("application_id"),
        rs.getString("owner"),
        rs.getString("email"),
        rs.getString("display_name"),
        rs.getString("tags"),
        providers.isBlank() ? java.util.List.of() : Arrays.asList(providers.split(" ")),
        rs.getString("return_url"),
        rs.getString("connection_id"),
        rs.getBoolean("allow_different_subject"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        usedAt);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
