package io.signlink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract on the embedded default: SQLite in a temp folder with a generated keyset. */
class SqliteStoreContractTest extends StoreContractTest {

  Path dataDir() {
    return dir.resolve("data");
  }

  @Override
  StoreConfig.Builder config() {
    return StoreConfig.builder().dataDir(dataDir()).poolSize(4);
  }

  @Override
  String rawUrl() {
    return "jdbc:sqlite:" + dataDir().resolve("signlink.db");
  }

  @Override
  long scanForPlaintext(List<String> markers, String label) throws Exception {
    long bytes = 0;
    long hits = 0;
    int files = 0;
    try (var paths = Files.list(dataDir())) {
      for (Path p :
          paths.filter(f -> f.getFileName().toString().startsWith("signlink.db")).toList()) {
        byte[] content = Files.readAllBytes(p);
        bytes += content.length;
        files++;
        String asLatin1 = new String(content, StandardCharsets.ISO_8859_1);
        for (String m : markers) {
          if (asLatin1.contains(m)) {
            hits++;
          }
        }
      }
    }
    System.out.printf(
        "[SQLite plaintext scan, %s] %d files (db + WAL + SHM), %d bytes scanned, %d markers, hits = %d%n",
        label, files, bytes, markers.size(), hits);
    assertThat(bytes).isGreaterThan(0);
    return hits;
  }

  @Override
  void bulkInsert(int n, Instant now) throws SQLException {
    try (var c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO connections (id, provider_id, owner, subject, account_id, accounts_json,"
                    + " scopes, status, token_ciphertext, key_id, access_expires_at, version,"
                    + " created_at, updated_at, application_id)"
                    + " SELECT 'bulk-' || n, 'docusign', 'owner-' || (n % 5000), 'sub-' || n, '', '[]',"
                    + " 'signature', CASE WHEN n % 10 = 0 THEN 'REAUTH_REQUIRED' ELSE 'ACTIVE' END,"
                    + " x'00', 1, ? + ((n * 7919) % 100000) * 25920, 1, ?, ?, 'default'"
                    + " FROM (WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ?)"
                    + " SELECT n FROM g)")) {
      ps.setLong(1, now.toEpochMilli());
      ps.setLong(2, now.toEpochMilli());
      ps.setLong(3, now.toEpochMilli());
      ps.setInt(4, n);
      ps.executeUpdate();
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE");
      }
    }
  }

  @Override
  String explainDueQuery(Instant before, int limit) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (var c = DriverManager.getConnection(rawUrl());
        PreparedStatement ps =
            c.prepareStatement(
                "EXPLAIN QUERY PLAN "
                    + io.signlink.store.connection.JdbcConnectionStore.DUE_QUERY)) {
      ps.setLong(1, before.toEpochMilli());
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString("detail")).append('\n');
        }
      }
    }
    return plan.toString();
  }

  @Test
  void generatesAnOwnerOnlyKeysetForANewEmbeddedDatabase() throws Exception {
    open();
    Path keyset = dataDir().resolve("keyset.json");
    assertThat(keyset).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir())))
        .isEqualTo("rwx------");
    try (var c = DriverManager.getConnection(rawUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void dataFilesAreOwnerOnlyEvenInAFolderThatAlreadyExisted() throws Exception {
    Files.createDirectories(dataDir());
    Files.setPosixFilePermissions(dataDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
    SignLinkStore s = open();
    s.connections().upsert(Drafts.draft("perm", now())); // the WAL and SHM files now exist
    for (String name :
        List.of("signlink.db", "signlink.db-wal", "signlink.db-shm", "keyset.json")) {
      Path f = dataDir().resolve(name);
      assertThat(f).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void dataFilesLeftReadableByOthersAreTightenedAtStart() throws Exception {
    open().connections().upsert(Drafts.draft("perm", now()));
    closeStores();
    opened.clear();
    for (String name : List.of("signlink.db", "keyset.json")) {
      Files.setPosixFilePermissions(
          dataDir().resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
    }
    open();
    for (String name : List.of("signlink.db", "keyset.json")) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir().resolve(name))))
          .as(name)
          .isEqualTo("rw-------");
    }
  }

  @Test
  void rotationRewritesTheKeysetFileOwnerOnly() throws Exception {
    SignLinkStore s = open();
    Path keyset = dataDir().resolve("keyset.json");
    String before = Files.readString(keyset);
    s.rotateKeys();
    assertThat(Files.readString(keyset)).isNotEqualTo(before);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dataDir())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }

  @Test
  void refusesToGenerateANewKeysetForAnExistingDatabase() throws Exception {
    SignLinkStore s = open();
    s.connections().upsert(Drafts.draft("kept", now()));
    s.close();
    opened.remove(s);
    Path keyset = dataDir().resolve("keyset.json");
    Files.move(keyset, dir.resolve("keyset-backup.json"));

    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEYSET_INVALID))
        .hasMessageContaining(keyset.toAbsolutePath().toString())
        .hasMessageContaining("is missing")
        .hasMessageContaining("already holds encrypted tokens");
    assertThat(keyset).doesNotExist();
  }
}
