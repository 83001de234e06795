package io.signlink.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.store.StoreConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  @TempDir Path dataDir;

  @Test
  void latestVersionConstantMatchesTheNewestMigrationOfEveryBackend() throws Exception {
    for (String folder : new String[] {"sqlite", "postgresql"}) {
      assertThat(newestVersionIn(folder)).as(folder).isEqualTo(Migrations.LATEST_VERSION);
    }
  }

  @Test
  void aNewDatabaseIsMigratedAndThenRecognisedAsCurrentWithoutFlyway() throws Exception {
    try (Database db = Database.open(StoreConfig.builder().dataDir(dataDir).poolSize(2).build())) {
      assertThat(Migrations.upToDate(db)).isFalse();
      Migrations.migrate(db);
      assertThat(Migrations.upToDate(db)).isTrue();
      Migrations.migrate(db); // the fast path: must leave a current schema as it is
      assertThat(Migrations.upToDate(db)).isTrue();
    }
  }

  @Test
  void aFailedMigrationInTheHistoryIsNotCurrentSoFlywayGetsToReportIt() throws Exception {
    try (Database db = Database.open(StoreConfig.builder().dataDir(dataDir).poolSize(2).build())) {
      Migrations.migrate(db);
      try (Connection c = db.migrationDataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE " + Migrations.HISTORY_TABLE + " SET success = 0");
      }
      assertThat(Migrations.upToDate(db)).isFalse();
    }
  }

  @Test
  void aDatabaseOfTheLastReleaseGainsTheWebhookOutboxWhenItOpens() throws Exception {
    try (Database db = Database.open(StoreConfig.builder().dataDir(dataDir).poolSize(2).build())) {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(db.migrationDataSource())
          .locations("classpath:db/migration/sqlite")
          .table(Migrations.HISTORY_TABLE)
          .target("4")
          .load()
          .migrate();
      assertThat(Migrations.upToDate(db)).isFalse();
      Migrations.migrate(db);
      try (Connection c = db.migrationDataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeQuery("SELECT COUNT(*) FROM webhook_outbox").close();
      }
      assertThat(Migrations.upToDate(db)).isTrue();
    }
  }

  @Test
  void aDatabaseOfVersionFiveGainsTheCallbackValuesColumnWithNoneForItsRows() throws Exception {
    try (Database db = Database.open(StoreConfig.builder().dataDir(dataDir).poolSize(2).build())) {
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(db.migrationDataSource())
          .locations("classpath:db/migration/sqlite")
          .table(Migrations.HISTORY_TABLE)
          .target("5")
          .load()
          .migrate();
      assertThat(Migrations.upToDate(db)).isFalse();
      Migrations.migrate(db);
      try (Connection c = db.migrationDataSource().getConnection();
          Statement st = c.createStatement()) {
        st.executeQuery("SELECT callback_values FROM connections").close();
      }
      assertThat(Migrations.upToDate(db)).isTrue();
    }
  }

  private static String newestVersionIn(String folder) throws IOException, URISyntaxException {
    Path dir = Paths.get(Migrations.class.getResource("/db/migration/" + folder).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> VERSIONED.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1)))
          .max(Integer::compare)
          .map(String::valueOf)
          .orElseThrow();
    }
  }
}
