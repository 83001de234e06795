package io.signlink.store.crypto;

import com.google.crypto.tink.KeysetHandle;
import io.signlink.error.ConfigurationException;
import io.signlink.error.StoreException;
import io.signlink.store.jdbc.Database;
import io.signlink.store.jdbc.Tx;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation (SECURITY.md §key-management). {@link #rotate()} adds a new primary key to the
 * keyset, writes the keyset file atomically (0600) <em>before</em> touching any row, then
 * re-encrypts every row still on another key in batches. Rows on old keys are found by their {@code
 * key_id} column, so after a crash {@link #reencrypt()} simply continues; running it again when
 * nothing is left does nothing. Once no row uses them, {@link #removeRetiredKeys()} drops the old
 * keys from the file.
 *
 * <p>With several instances sharing PostgreSQL, give every instance the rotated keyset file before
 * they read rows sealed under the new key (old keys stay in the file until removed). Thread-safe:
 * rotations in one process are serialised; each batch is one transaction with the rows locked.
 */
public final class KeyRotation {
  private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);
  private static final int BATCH = 200;

  /** One table with sealed columns; {@code columns[i]} is sealed as {@code kinds[i]}. */
  private record Table(String name, String idColumn, List<String> columns, List<Column> kinds) {}

  private static final List<Table> TABLES =
      List.of(
          new Table(
              "connections", "id", List.of("token_ciphertext"), List.of(Column.CONNECTION_TOKENS)),
          new Table(
              "pending_authorizations",
              "state_hash",
              List.of("verifier_ciphertext", "nonce_ciphertext"),
              List.of(Column.PENDING_VERIFIER, Column.PENDING_NONCE)),
          new Table(
              "applications",
              "id",
              List.of("webhook_secret_ciphertext"),
              List.of(Column.APPLICATION_WEBHOOK_SECRET)));

  private final Database db;
  private final TokenCipher cipher;
  private final Path keysetFile;
  private final String keysetSource;

  /**
   * @param keysetFile the file the keyset lives in, or {@code null} when it came from an
   *     environment variable (then only re-encryption is possible here)
   */
  public KeyRotation(Database db, TokenCipher cipher, Path keysetFile, String keysetSource) {
    this.db = db;
    this.cipher = cipher;
    this.keysetFile = keysetFile;
    this.keysetSource = keysetSource;
  }

  /** Adds a new primary key, saves the keyset file, and re-encrypts every row. */
  public synchronized RotationReport rotate() {
    addPrimaryKey();
    return reencrypt();
  }

  /**
   * The first half of {@link #rotate()}: adds a new primary key and saves the keyset file; rows are
   * not touched (new writes use the new key, old rows stay readable). Run {@link #reencrypt()}
   * next.
   *
   * @return the new primary key id
   */
  public synchronized long addPrimaryKey() {
    Path file = requireFile("rotate keys");
    try {
      KeysetHandle next = Keysets.withNewPrimary(cipher.keyset());
      Keysets.writeAtomically(next, file);
      cipher.replace(next);
    } catch (GeneralSecurityException | IOException e) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "Could not add a key to "
              + keysetSource
              + " ("
              + e.getClass().getSimpleName()
              + "); the keyset file and all rows are unchanged. Check the file's folder is writable.",
          e);
    }
    LOG.info("Added key {} as primary to {}", cipher.primaryKeyId(), keysetSource);
    return cipher.primaryKeyId();
  }

  /** Re-encrypts every row not on the primary key: resumes an interrupted rotation; idempotent. */
  public RotationReport reencrypt() {
    return reencrypt(Integer.MAX_VALUE);
  }

  /** As {@link #reencrypt()}, stopping after at most {@code maxRows} rows (for bounded runs). */
  public synchronized RotationReport reencrypt(int maxRows) {
    int done = 0;
    int failed = 0;
    for (Table t : TABLES) {
      String after = "";
      while (done < maxRows) {
        List<String> ids = nextBatch(t, after, Math.min(BATCH, maxRows - done));
        if (ids.isEmpty()) {
          break;
        }
        after = ids.get(ids.size() - 1);
        int[] outcome = db.write("Re-encrypting " + t.name(), tx -> reencryptBatch(tx, t, ids));
        done += outcome[0];
        failed += outcome[1];
      }
    }
    if (done < maxRows) {
      KeyCheck.reseal(db, cipher);
    }
    return new RotationReport(cipher.primaryKeyId(), done, failed, rowsOnOtherKeys());
  }

  /**
   * Removes every non-primary key from the keyset file; refuses while any row still uses one.
   *
   * @return how many keys were removed
   */
  public synchronized int removeRetiredKeys() {
    Path file = requireFile("remove retired keys");
    long stillUsed = rowsOnOtherKeys();
    if (stillUsed > 0) {
      throw new StoreException(
          StoreException.Kind.CONFLICT,
          stillUsed
              + " rows are still sealed under a retired key. Run the re-encryption again; rows that"
              + " do not decrypt must be deleted (or the user reconnected) before old keys can go.",
          null);
    }
    KeysetHandle current = cipher.keyset();
    try {
      KeysetHandle reduced = Keysets.primaryOnly(current);
      int removed = current.size() - reduced.size();
      if (removed > 0) {
        Keysets.writeAtomically(reduced, file);
        cipher.replace(reduced);
      }
      return removed;
    } catch (GeneralSecurityException | IOException e) {
      throw new StoreException(
          StoreException.Kind.KEYSET_INVALID,
          "Could not rewrite "
              + keysetSource
              + " ("
              + e.getClass().getSimpleName()
              + "); it is unchanged.",
          e);
    }
  }

  /** Rows (connections, pending authorizations, key check) sealed under a non-primary key. */
  public long rowsOnOtherKeys() {
    long primary = cipher.primaryKeyId();
    return db.read(
        "Counting rows on retired keys",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT (SELECT COUNT(*) FROM connections WHERE key_id <> ?)"
                      + " + (SELECT COUNT(*) FROM pending_authorizations WHERE key_id <> ?)"
                      + " + (SELECT COUNT(*) FROM applications WHERE key_id <> ?)"
                      + " + (SELECT COUNT(*) FROM key_check WHERE key_id <> ?)")) {
            ps.setLong(1, primary);
            ps.setLong(2, primary);
            ps.setLong(3, primary);
            ps.setLong(4, primary);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** The keyset in use (for status output; contains secrets: never print it). */
  public KeysetHandle keyset() {
    return cipher.keyset();
  }

  private List<String> nextBatch(Table t, String after, int limit) {
    long primary = cipher.primaryKeyId();
    return db.read(
        "Finding rows to re-encrypt",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + t.idColumn()
                      + " FROM "
                      + t.name()
                      + " WHERE key_id <> ? AND "
                      + t.idColumn()
                      + " > ? ORDER BY "
                      + t.idColumn()
                      + " LIMIT ?")) {
            ps.setLong(1, primary);
            ps.setString(2, after);
            ps.setInt(3, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
            return ids;
          }
        });
  }

  /** Returns {reencrypted, undecryptable}. */
  private int[] reencryptBatch(Tx tx, Table t, List<String> ids) throws SQLException {
    String lock = db.backend() == Database.Backend.POSTGRESQL ? " FOR UPDATE" : "";
    String cols = String.join(", ", t.columns());
    String set = String.join(" = ?, ", t.columns()) + " = ?";
    int done = 0;
    int failed = 0;
    for (String id : ids) {
      byte[][] values = new byte[t.columns().size()][];
      long keyId;
      try (PreparedStatement ps =
          tx.connection()
              .prepareStatement(
                  "SELECT "
                      + cols
                      + ", key_id FROM "
                      + t.name()
                      + " WHERE "
                      + t.idColumn()
                      + " = ?"
                      + lock)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            continue; // deleted meanwhile
          }
          for (int i = 0; i < values.length; i++) {
            values[i] = rs.getBytes(i + 1);
          }
          keyId = rs.getLong(values.length + 1);
        }
      }
      if (keyId == cipher.primaryKeyId()) {
        continue; // rewritten by a normal update meanwhile
      }
      byte[][] resealed = new byte[values.length][];
      try {
        for (int i = 0; i < values.length; i++) {
          if (values[i] != null) {
            byte[] plain = cipher.open(values[i], keyId, t.kinds().get(i), id);
            resealed[i] = cipher.seal(plain, t.kinds().get(i), id).ciphertext();
            java.util.Arrays.fill(plain, (byte) 0);
          }
        }
      } catch (GeneralSecurityException e) {
        LOG.warn(
            "{} row {} does not decrypt; left on key {} (see docs/SECURITY.md §encryption)",
            t.name(),
            id,
            keyId);
        failed++;
        continue;
      }
      try (PreparedStatement ps =
          tx.connection()
              .prepareStatement(
                  "UPDATE "
                      + t.name()
                      + " SET "
                      + set
                      + ", key_id = ? WHERE "
                      + t.idColumn()
                      + " = ?")) {
        int i = 1;
        for (byte[] r : resealed) {
          ps.setBytes(i++, r);
        }
        ps.setLong(i++, cipher.primaryKeyId());
        ps.setString(i, id);
        ps.executeUpdate();
      }
      done++;
    }
    return new int[] {done, failed};
  }

  private Path requireFile(String action) {
    if (keysetFile == null) {
      throw new ConfigurationException(
          "SIGNLINK_KEYSET",
          "cannot "
              + action
              + " for a keyset given in an environment variable: put the keyset in a file (mode 0600)"
              + " and set SIGNLINK_KEYSET_FILE instead");
    }
    return keysetFile;
  }
}
