package io.signlink.store.pending;

import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.PendingAuthorizationStore;
import io.signlink.oauth.Secret;
import io.signlink.store.crypto.Column;
import io.signlink.store.crypto.Sealed;
import io.signlink.store.crypto.TokenCipher;
import io.signlink.store.jdbc.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * {@link PendingAuthorizationStore} in the {@code pending_authorizations} table, so a callback may
 * land on any instance. The key is the SHA-256 of the state, never the state itself ( SECURITY.md
 * §encryption); the PKCE verifier and the nonce are sealed with the state hash as associated data.
 * {@link #take} is one {@code DELETE … RETURNING} statement: of concurrent takes of one state,
 * exactly one gets the row (SECURITY.md §pending-authorizations).
 *
 * <p>The table is bounded: a save that finds {@code maxPending} rows first deletes the expired ones
 * and, if the table is still full, is refused with {@code TransientException(BUSY)} (503 with
 * {@code Retry-After}) instead of growing it. On PostgreSQL concurrent saves may overshoot the
 * bound by the number of writers at most. Thread-safe.
 */
public final class JdbcPendingAuthorizationStore implements PendingAuthorizationStore {
  private static final String COLUMNS =
      "state_hash, provider_id, issuer, owner, redirect_uri, verifier_ciphertext, nonce_ciphertext,"
          + " key_id, browser_binding, return_to, created_at, expires_at, application_id";

  /** A hint for clients refused because the table is full: flows expire within minutes. */
  static final Duration FULL_RETRY_AFTER = Duration.ofMinutes(1);

  private final Database db;
  private final TokenCipher cipher;
  private final int maxPending;

  public JdbcPendingAuthorizationStore(Database db, TokenCipher cipher, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending must be positive");
    }
    this.db = db;
    this.cipher = cipher;
    this.maxPending = maxPending;
  }

  @Override
  public void save(PendingAuthorization p) {
    String hash = stateHash(p.state().reveal());
    Sealed verifier = seal(p.codeVerifier(), Column.PENDING_VERIFIER, hash);
    Sealed nonce = p.nonce() == null ? null : seal(p.nonce(), Column.PENDING_NONCE, hash);
    db.write(
        "Saving a pending authorization",
        tx -> {
          if (count(tx.connection()) >= maxPending) {
            deleteExpired(tx.connection(), p.createdAt());
            if (count(tx.connection()) >= maxPending) {
              throw new TransientException(
                  TransientException.Kind.BUSY,
                  "Too many sign-ins are in progress ("
                      + maxPending
                      + "); try again in a few minutes.",
                  FULL_RETRY_AFTER,
                  false,
                  null);
            }
          }
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "INSERT INTO pending_authorizations ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, hash);
            ps.setString(2, p.providerId());
            ps.setString(3, p.issuer());
            ps.setString(4, p.owner());
            ps.setString(5, p.redirectUri());
            ps.setBytes(6, verifier.ciphertext());
            if (nonce == null) {
              ps.setNull(7, Types.BINARY);
            } else {
              ps.setBytes(7, nonce.ciphertext());
            }
            // both values are sealed in this call, so under the same primary key
            ps.setLong(8, verifier.keyId());
            ps.setString(9, p.browserBinding());
            ps.setString(10, p.returnTo());
            ps.setLong(11, p.createdAt().toEpochMilli());
            ps.setLong(12, p.expiresAt().toEpochMilli());
            ps.setString(13, p.applicationId());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<PendingAuthorization> take(String state) {
    if (state == null || state.isEmpty()) {
      return Optional.empty();
    }
    String hash = stateHash(state);
    return db.write(
        "Taking a pending authorization",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "DELETE FROM pending_authorizations WHERE state_hash = ? RETURNING "
                          + COLUMNS)) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(map(rs, state))
                  : Optional.<PendingAuthorization>empty();
            }
          }
        });
  }

  @Override
  public int purgeExpired(Instant now) {
    return db.write(
        "Purging expired pending authorizations", tx -> deleteExpired(tx.connection(), now));
  }

  private static int deleteExpired(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM pending_authorizations WHERE expires_at <= ?")) {
      ps.setLong(1, now.toEpochMilli());
      return ps.executeUpdate();
    }
  }

  private static int count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pending_authorizations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private PendingAuthorization map(ResultSet rs, String state) throws SQLException {
    String hash = rs.getString("state_hash");
    long keyId = rs.getLong("key_id");
    byte[] nonce = rs.getBytes("nonce_ciphertext");
    return new PendingAuthorization(
        Secret.of(state),
        rs.getString("provider_id"),
        rs.getString("issuer"),
        rs.getString("owner"),
        rs.getString("redirect_uri"),
        open(rs.getBytes("verifier_ciphertext"), keyId, Column.PENDING_VERIFIER, hash),
        nonce == null ? null : open(nonce, keyId, Column.PENDING_NONCE, hash),
        rs.getString("browser_binding"),
        rs.getString("return_to"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        rs.getString("application_id"));
  }

  private Sealed seal(Secret value, Column column, String hash) {
    return cipher.seal(value.reveal().getBytes(StandardCharsets.UTF_8), column, hash);
  }

  private Secret open(byte[] ciphertext, long keyId, Column column, String hash) {
    try {
      return Secret.of(
          new String(cipher.open(ciphertext, keyId, column, hash), StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new StoreException(
          StoreException.Kind.DECRYPTION_FAILED,
          "A pending authorization does not decrypt with the configured keyset; the sign-in must be"
              + " started again.",
          null);
    }
  }

  /** Hex SHA-256 of the state: the only form in which a state is stored. */
  public static String stateHash(String state) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
