package io.signlink.store.crypto;

import io.signlink.error.StoreException;
import io.signlink.store.jdbc.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;

/**
 * The key-check row: a known value sealed when the database is first opened. Opening later with a
 * keyset that cannot decrypt it means the keyset is not this database's, and SignLink refuses to
 * start instead of writing rows no one could read later (SECURITY.md §encryption). Stateless.
 */
public final class KeyCheck {
  private static final byte[] KNOWN = "signlink key check v1".getBytes(StandardCharsets.UTF_8);
  private static final String ROW_ID = "1";

  private KeyCheck() {}

  /** True when the database already holds encrypted data (a key-check row or any connection). */
  public static boolean databaseHasData(Database db) {
    return db.read(
        "Inspecting the vault",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT (SELECT COUNT(*) FROM key_check) + (SELECT COUNT(*) FROM connections)");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
          }
        });
  }

  /** Creates the row on a new database, or proves {@code cipher} decrypts the existing one. */
  public static void verifyOrCreate(
      Database db, TokenCipher cipher, String keysetSource, Clock clock) {
    Sealed fresh = cipher.seal(KNOWN, Column.KEY_CHECK, ROW_ID);
    db.write(
        "Recording the key check",
        tx -> {
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "INSERT INTO key_check (id, ciphertext, key_id, created_at) VALUES (1, ?, ?, ?)"
                          + " ON CONFLICT (id) DO NOTHING")) {
            ps.setBytes(1, fresh.ciphertext());
            ps.setLong(2, fresh.keyId());
            ps.setLong(3, clock.millis());
            ps.executeUpdate();
          }
          return null;
        });
    Sealed stored = read(db);
    try {
      if (!Arrays.equals(
          KNOWN, cipher.open(stored.ciphertext(), stored.keyId(), Column.KEY_CHECK, ROW_ID))) {
        throw new GeneralSecurityException("key check value differs");
      }
    } catch (GeneralSecurityException e) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "The "
              + keysetSource
              + " is not the keyset "
              + db.description()
              + " was written with: its key-check row (sealed under key id "
              + stored.keyId()
              + ") does not decrypt. Point SIGNLINK_KEYSET_FILE or SIGNLINK_KEYSET at the original"
              + " keyset (restore it from backup if needed); SignLink refused to start and changed"
              + " nothing.",
          null);
    }
  }

  /** Re-seals the row under the primary key (part of rotation); true when it was changed. */
  static boolean reseal(Database db, TokenCipher cipher) {
    return db.write(
        "Re-encrypting the key check",
        tx -> {
          String lock = db.backend() == Database.Backend.POSTGRESQL ? " FOR UPDATE" : "";
          long keyId;
          byte[] ct;
          try (PreparedStatement ps =
                  tx.connection()
                      .prepareStatement(
                          "SELECT ciphertext, key_id FROM key_check WHERE id = 1" + lock);
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return false;
            }
            ct = rs.getBytes(1);
            keyId = rs.getLong(2);
          }
          if (keyId == cipher.primaryKeyId()) {
            return false;
          }
          byte[] plain;
          try {
            plain = cipher.open(ct, keyId, Column.KEY_CHECK, ROW_ID);
          } catch (GeneralSecurityException e) {
            throw new StoreException(
                StoreException.Kind.KEYSET_INVALID,
                "The key-check row no longer decrypts; rotation stopped.",
                null);
          }
          Sealed s = cipher.seal(plain, Column.KEY_CHECK, ROW_ID);
          try (PreparedStatement ps =
              tx.connection()
                  .prepareStatement(
                      "UPDATE key_check SET ciphertext = ?, key_id = ? WHERE id = 1")) {
            ps.setBytes(1, s.ciphertext());
            ps.setLong(2, s.keyId());
            ps.executeUpdate();
          }
          return true;
        });
  }

  private static Sealed read(Database db) {
    return db.read(
        "Reading the key check",
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT ciphertext, key_id FROM key_check WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new StoreException(
                  StoreException.Kind.SCHEMA, "The key-check row is missing.", null);
            }
            return new Sealed(rs.getBytes(1), rs.getLong(2));
          }
        });
  }
}
