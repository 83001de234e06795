package io.signlink.store.apikey;

import io.signlink.oauth.Secret;
import io.signlink.store.jdbc.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The API keys callers of SignLink's REST API present (SECURITY.md §api-auth). A key is {@code sk_}
 * + 32 random bytes in base64url; only its SHA-256 and a short public prefix are stored, so a
 * database leak reveals no usable key. {@link #verify} looks candidates up by prefix and compares
 * hashes in constant time ({@link MessageDigest#isEqual}). Thread-safe.
 */
public final class ApiKeyStore {
  /** Every key starts with this. */
  public static final String KEY_PREFIX = "sk_";

  private static final int RANDOM_BYTES = 32;
  private static final int PUBLIC_CHARS = 8;

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Creates a key named {@code name}; the plaintext is in the result and nowhere else. */
  public IssuedApiKey create(String name) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("an API key needs a name of 1 to 200 characters");
    }
    byte[] raw = new byte[RANDOM_BYTES];
    random.nextBytes(raw);
    String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    ApiKey record =
        new ApiKey(
            UUID.randomUUID().toString(),
            name.strip(),
            publicPrefix(key),
            Instant.ofEpochMilli(clock.millis()),
            null);
    db.write(
        "Creating an API key",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "INSERT INTO api_keys (id, name, prefix, key_hash, created_at)"
                          + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, record.id());
            ps.setString(2, record.name());
            ps.setString(3, record.prefix());
            ps.setString(4, HexFormat.of().formatHex(sha256(key)));
            ps.setLong(5, record.createdAt().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
    return new IssuedApiKey(record, Secret.of(key));
  }

  /** The unrevoked key matching {@code presented}, or empty. */
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
                      "SELECT id, name, prefix, key_hash, created_at, revoked_at FROM api_keys"
                          + " WHERE prefix = ? AND revoked_at IS NULL")) {
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
    ApiKey match = null;
    for (Candidate c : candidates) {
      if (MessageDigest.isEqual(c.hash(), presentedHash)) {
        match = c.key();
      }
    }
    return Optional.ofNullable(match);
  }

  /** Every key, newest first, revoked ones included. */
  public List<ApiKey> list() {
    return db.read(
        "Listing API keys",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT id, name, prefix, created_at, revoked_at FROM api_keys"
                          + " ORDER BY created_at DESC, id");
              ResultSet rs = ps.executeQuery()) {
            List<ApiKey> out = new ArrayList<>();
            while (rs.next()) {
              out.add(map(rs));
            }
            return out;
          }
        });
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

  private record Candidate(ApiKey key, byte[] hash) {}

  private static ApiKey map(ResultSet rs) throws SQLException {
    long revoked = rs.getLong("revoked_at");
    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
    return new ApiKey(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        revokedAt);
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
