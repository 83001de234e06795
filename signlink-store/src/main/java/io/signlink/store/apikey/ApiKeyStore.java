package io.signlink.store.apikey;

import io.signlink.application.ApiScope;
import io.signlink.application.Application;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The API keys callers of SignLink's REST API present (SECURITY.md §api-auth). A key is {@code sk_}
 * + 32 random bytes in base64url; only its SHA-256 and a short public prefix are stored, so a
 * database leak reveals no usable key. {@link #verify} looks candidates up by prefix and compares
 * hashes in constant time ({@link MessageDigest#isEqual}). A key belongs to one application and
 * carries scopes, an optional expiry and its last-used time (SECURITY.md §applications).
 * Thread-safe.
 */
public final class ApiKeyStore {
  /** Every key starts with this. */
  public static final String KEY_PREFIX = "sk_";

  private static final int RANDOM_BYTES = 32;
  private static final int PUBLIC_CHARS = 8;

  private static final String COLUMNS =
      "id, name, prefix, created_at, revoked_at, application_id, scopes, expires_at, last_used_at";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Creates a key named {@code name} for the default application with the scopes keys had before
   * scopes existed ({@link ApiScope#LEGACY}); the plaintext is in the result and nowhere else.
   */
  public IssuedApiKey create(String name) {
    return create(name, Application.DEFAULT_ID, ApiScope.LEGACY, null);
  }

  /**
   * Creates a key of {@code applicationId} with {@code scopes}, valid until {@code expiresAt}
   * ({@code null}: until revoked); the plaintext is in the result and nowhere else.
   *
   * @throws IllegalArgumentException for a bad name, no scopes, a past expiry, or an unknown
   *     application
   */
  public IssuedApiKey create(
      String name, String applicationId, Set<ApiScope> scopes, Instant expiresAt) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("an API key needs a name of 1 to 200 characters");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException(
          "an API key needs at least one scope: " + ApiScope.known());
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("the expiry must be in the future");
    }
    byte[] raw = new byte[RANDOM_BYTES];
    random.nextBytes(raw);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    ApiKey record =
        new ApiKey(
            UUID.randomUUID().toString(),
            name.strip(),
            publicPrefix(key),
            now,
            null,
            applicationId,
            scopes,
            expiresAt == null ? null : Instant.ofEpochMilli(expiresAt.toEpochMilli()),
            null);
    db.write(
        "Creating an API key",
        tx -> {
          try (PreparedStatement check =
              tx.connection().prepareStatement("SELECT 1 FROM applications WHERE id = ?")) {
            check.setString(1, applicationId);
            try (ResultSet rs = check.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException(
                    "there is no application '"
                        + applicationId
                        + "'; list them with: signlink apps list");
              }
            }
          }
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "INSERT INTO api_keys (id, name, prefix, key_hash, created_at,"
                          + " application_id, scopes, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, record.id());
            ps.setString(2, record.name());
            ps.setString(3, record.prefix());
            ps.setString(4, HexFormat.of().formatHex(sha256(key)));
            ps.setLong(5, record.createdAt().toEpochMilli());
            ps.setString(6, applicationId);
            ps.setString(7, ApiScope.format(record.scopes()));
            if (record.expiresAt() == null) {
              ps.setNull(8, Types.BIGINT);
            } else {
              ps.setLong(8, record.expiresAt().toEpochMilli());
            }
            ps.executeUpdate();
          }
          return null;
        });
    return new IssuedApiKey(record, Secret.of(key));
  }

  /** The unrevoked, unexpired key matching {@code presented}, or empty. */
  public Optional<ApiKey> verify(String presented) {
    if (presented == null || !presented.startsWith(KEY_PREFIX) || presented.length() > 100) {
      return Optional.empty();
    }
    byte[] presentedHash = sha256(presented);
    List<Candidate> candidates =
        db.read(
            "Checking an API key",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT "
                          + COLUMNS
                          + ", key_hash FROM api_keys WHERE prefix = ? AND revoked_at IS NULL")) {
                ps.setString(1, publicPrefix(presented));
                List<Candidate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(
                        new Candidate(map(rs), HexFormat.of().parseHex(rs.getString("key_hash"))));
                  }
                }
                return out;
              }
            });
    Instant now = Instant.ofEpochMilli(clock.millis());
    ApiKey match = null;
    for (Candidate c : candidates) {
      if (MessageDigest.isEqual(c.hash(), presentedHash) && c.key().usableAt(now)) {
        match = c.key();
      }
    }
    return Optional.ofNullable(match);
  }

  /** The key with this id, revoked or not. */
  public Optional<ApiKey> find(String id) {
    List<ApiKey> found = select("Reading an API key", " WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Every key, newest first, revoked ones included. */
  public List<ApiKey> list() {
    return select("Listing API keys", "", null);
  }

  /** One application's keys, newest first, revoked ones included. */
  public List<ApiKey> list(String applicationId) {
    return select("Listing API keys", " WHERE application_id = ?", applicationId);
  }

  /** Revokes the key; false when it does not exist or was already revoked. */
  public boolean revoke(String id) {
    return db.write(
        "Revoking an API key",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Records that the key authenticated a request at {@code at} (callers throttle this). */
  public void recordUse(String id, Instant at) {
    db.write(
        "Recording an API key's use",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE api_keys SET last_used_at = ? WHERE id = ?"
                          + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.setLong(3, at.toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  private List<ApiKey> select(String what, String where, String param) {
    return db.read(
        what,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM api_keys"
                      + where
                      + " ORDER BY created_at DESC, id")) {
            if (param != null) {
              ps.setString(1, param);
            }
            List<ApiKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
            return out;
          }
        });
  }

  private record Candidate(ApiKey key, byte[] hash) {}

  private static ApiKey map(ResultSet rs) throws SQLException {
    Set<ApiScope> scopes;
    try {
      scopes = ApiScope.parse(rs.getString("scopes"));
    } catch (IllegalArgumentException e) {
      scopes = Set.of(); // a scope this version does not know grants nothing
    }
    return new ApiKey(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        instant(rs, "revoked_at"),
        rs.getString("application_id"),
        scopes,
        instant(rs, "expires_at"),
        instant(rs, "last_used_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static String publicPrefix(String key) {
    return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + PUBLIC_CHARS));
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
