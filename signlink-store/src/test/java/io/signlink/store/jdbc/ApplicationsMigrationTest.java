package io.signlink.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.application.ApiScope;
import io.signlink.store.StoreConfig;
import io.signlink.store.apikey.ApiKeyStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by the version before applications existed (schema V1, with connections, API
 * keys and a pending authorization) is migrated: every row is still there with every value
 * unchanged, all of it belongs to the application {@code default}, old keys keep working with the
 * scopes they effectively had, and the identity of a connection now includes its application. On
 * SQLite (where the connections table is rebuilt) and PostgreSQL.
 */
class ApplicationsMigrationTest {
  static final String PG =
      System.getenv()
          .getOrDefault(
              "SIGNLINK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String OLD_KEY = "sk_migration-test-key-0123456789abcdefghijklmnopq";

  @TempDir Path dir;

  @Test
  void sqliteRowsMadeBeforeApplicationsBelongToDefaultAndNothingIsLost() throws Exception {
    try (Database db = Database.open(StoreConfig.builder().dataDir(dir).poolSize(2).build())) {
      migrateKeepsEverything(db);
    }
  }

  @Test
  void postgresRowsMadeBeforeApplicationsBelongToDefaultAndNothingIsLost() throws Exception {
    String schema = "sl_" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
    try (Connection c = DriverManager.getConnection(PG);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    try {
      String url = PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      try (Database db =
          Database.open(StoreConfig.builder().jdbcUrl(url).dataDir(dir).poolSize(2).build())) {
        migrateKeepsEverything(db);
      }
    } finally {
      try (Connection c = DriverManager.getConnection(PG);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private void migrateKeepsEverything(Database db) throws Exception {
    String folder = db.backend() == Database.Backend.POSTGRESQL ? "postgresql" : "sqlite";
    Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(db.migrationDataSource())
        .locations("classpath:db/migration/" + folder)
        .table(Migrations.HISTORY_TABLE)
        .target("1")
        .load()
        .migrate();
    boolean pg = db.backend() == Database.Backend.POSTGRESQL;
    try (Connection c = db.migrationDataSource().getConnection()) {
      for (int i = 0; i < 3; i++) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO connections (id, provider_id, owner, subject, account_id,"
                    + " account_name, base_uri, accounts_json, scopes, status, status_reason,"
                    + " token_ciphertext, key_id, access_expires_at, refresh_expires_at, version,"
                    + " lease_holder, lease_expires_at, created_at, updated_at, last_refreshed_at)"
                    + " VALUES (?, 'docusign', ?, ?, 'acc', 'Acme', 'https://demo/x', '[{}]',"
                    + " 'signature', ?, ?, ?, 7, ?, NULL, ?, 'inst-1', 99, ?, ?, ?)")) {
          ps.setString(1, "conn-" + i);
          ps.setString(2, "owner-" + (i % 2));
          ps.setString(3, "sub-" + i);
          ps.setString(4, i == 2 ? "REAUTH_REQUIRED" : "ACTIVE");
          ps.setString(5, i == 2 ? "invalid_grant" : null);
          ps.setBytes(6, new byte[] {1, 2, 3, (byte) i});
          ps.setLong(7, 1_000_000L + i);
          ps.setLong(8, 5 + i);
          ps.setLong(9, 100L + i);
          ps.setLong(10, 200L + i);
          ps.setLong(11, 300L + i);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO api_keys (id, name, prefix, key_hash, created_at, revoked_at)"
                  + " VALUES (?, ?, ?, ?, 10, ?)")) {
        ps.setString(1, "key-live");
        ps.setString(2, "ci");
        ps.setString(3, OLD_KEY.substring(0, 11));
        ps.setString(
            4,
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(OLD_KEY.getBytes(StandardCharsets.UTF_8))));
        ps.setObject(5, null);
        ps.executeUpdate();
        ps.setString(1, "key-revoked");
        ps.setString(2, "old");
        ps.setString(3, "sk_revoked1");
        ps.setString(4, "00");
        ps.setLong(5, 20);
        ps.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO pending_authorizations (state_hash, provider_id, owner, redirect_uri,"
                + " verifier_ciphertext, key_id, created_at, expires_at) VALUES ('h1', 'boldsign',"
                + " 'alice', 'https://x/cb', "
                + (pg ? "'\\x01'::bytea" : "x'01'")
                + ", 7, 1, 2)");
      }
    }
    Map<String, Map<String, Object>> connectionsBefore = rows(db, "connections", "id");
    Map<String, Map<String, Object>> keysBefore = rows(db, "api_keys", "id");
    Map<String, Map<String, Object>> pendingBefore =
        rows(db, "pending_authorizations", "state_hash");

    Migrations.migrate(db);

    assertThat(Migrations.upToDate(db)).isTrue();
    assertStillThere(connectionsBefore, rows(db, "connections", "id"));
    assertStillThere(keysBefore, rows(db, "api_keys", "id"));
    assertStillThere(pendingBefore, rows(db, "pending_authorizations", "state_hash"));
    Map<String, Map<String, Object>> apps = rows(db, "applications", "id");
    assertThat(apps).containsOnlyKeys("default");
    assertThat(apps.get("default").get("name")).isEqualTo("Default");

    ApiKeyStore keys = new ApiKeyStore(db, Clock.systemUTC());
    assertThat(keys.verify(OLD_KEY))
        .hasValueSatisfying(
            k -> {
              assertThat(k.applicationId()).isEqualTo("default");
              assertThat(k.scopes()).isEqualTo(ApiScope.LEGACY);
              assertThat(k.expiresAt()).isNull();
            });
    assertThat(keys.find("key-revoked")).hasValueSatisfying(k -> assertThat(k.revoked()).isTrue());

    // The identity now includes the application: another application may hold the same account.
    try (Connection c = db.migrationDataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO applications (id, name, created_at) VALUES ('other', 'O', 1)");
      s.executeUpdate(
          "INSERT INTO connections (id, application_id, provider_id, owner, subject, account_id,"
              + " status, token_ciphertext, key_id, access_expires_at, version, created_at,"
              + " updated_at) SELECT 'copy', 'other', provider_id, owner, subject, account_id,"
              + " status, token_ciphertext, key_id, access_expires_at, 1, 1, 1 FROM connections"
              + " WHERE id = 'conn-0'");
    }
    assertThat(rows(db, "connections", "id")).hasSize(4);
  }

  private static void assertStillThere(
      Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after) {
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach(
        (id, columns) -> {
          Map<String, Object> now = after.get(id);
          columns.forEach(
              (column, value) ->
                  assertThat(now.get(column)).as(id + "." + column).isEqualTo(value));
          assertThat(now.get("application_id")).as(id + ".application_id").isEqualTo("default");
        });
  }

  private static Map<String, Map<String, Object>> rows(Database db, String table, String idColumn)
      throws Exception {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    try (Connection c = db.migrationDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          if (v instanceof byte[] b) {
            v = HexFormat.of().formatHex(b);
          } else if (v instanceof Number n) {
            v = n.longValue();
          }
          row.put(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT), v);
        }
        out.put(String.valueOf(row.get(idColumn)), row);
      }
    }
    return out;
  }
}
