package io.signlink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that is wrong rather than away says so, names what to fix, and is not reported as an
 * outage to retry; a failed first start leaves no new database behind.
 */
class StorageErrorsTest {
  @TempDir Path dir;

  private static StoreException.Kind kindOf(Throwable e) {
    return ((StoreException) e).kind();
  }

  @Test
  void aFileThatIsNotADatabaseIsUnusableAndNamesTheFix() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.write(data.resolve("signlink.db"), new byte[4096]); // zeros: not a SQLite header
    StoreConfig config =
        StoreConfig.builder().dataDir(data).keyset(KeysetSource.generatedIn(data)).build();

    assertThatThrownBy(() -> SignLinkStore.open(config))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(StoreException.Kind.UNUSABLE))
        .hasMessageContaining("not a SQLite database")
        .hasMessageContaining("backup")
        .hasMessageNotContaining("retry");
  }

  @Test
  void aMissingPostgresDatabaseIsUnusableAndSaysToCreateIt() {
    String name = "signlink_missing_" + HexFormat.of().formatHex(new byte[] {1, 2, 3});
    StoreConfig config =
        StoreConfig.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres")
            .dataDir(dir)
            .keyset(KeysetSource.generatedIn(dir))
            .connectionTimeout(Duration.ofSeconds(5))
            .build();

    assertThatThrownBy(() -> SignLinkStore.open(config))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(StoreException.Kind.UNUSABLE))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("SIGNLINK_DB_URL");
  }

  @Test
  void aCorruptKeysetLeavesNoNewDatabaseBehind() throws Exception {
    Path data = dir.resolve("fresh/data");
    Path keyset = Files.writeString(dir.resolve("keyset.json"), "{ not a keyset");
    StoreConfig config =
        StoreConfig.builder().dataDir(data).keyset(KeysetSource.file(keyset)).build();

    assertThatThrownBy(() -> SignLinkStore.open(config))
        .isInstanceOf(StoreException.class)
        .satisfies(e -> assertThat(kindOf(e)).isEqualTo(StoreException.Kind.KEYSET_INVALID))
        .hasMessageContaining("changed nothing");
    assertThat(dir.resolve("fresh")).doesNotExist();
  }

  @Test
  void aFailedStartKeepsADatabaseThatWasThereBefore() throws Exception {
    Path data = dir.resolve("data");
    StoreConfig first =
        StoreConfig.builder().dataDir(data).keyset(KeysetSource.generatedIn(data)).build();
    SignLinkStore.open(first).close();
    Path wrongKeyset = Files.writeString(dir.resolve("wrong.json"), "{ not a keyset");

    StoreConfig wrong =
        StoreConfig.builder().dataDir(data).keyset(KeysetSource.file(wrongKeyset)).build();
    assertThatThrownBy(() -> SignLinkStore.open(wrong)).isInstanceOf(StoreException.class);

    assertThat(data.resolve("signlink.db")).exists();
    SignLinkStore.open(first).close();
  }
}
