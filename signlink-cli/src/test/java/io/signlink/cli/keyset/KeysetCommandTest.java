package io.signlink.cli.keyset;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.store.crypto.Keysets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetCommandTest {
  @TempDir Path dir;

  @Test
  void createsAnOwnerOnlyKeysetAndSaysWhatToBackUp() throws Exception {
    Path file = dir.resolve("prod/keyset.json");

    CliRun.Result r = new CliRun().run("keyset", "create", "--file", file.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Keysets.read(file)).isNotNull();
    assertThat(r.out())
        .contains("export SIGNLINK_KEYSET_FILE=" + file)
        .contains("Back it up")
        .doesNotContain(Files.readString(file));
  }

  @Test
  void writesWhereSignlinkKeysetFilePoints() {
    Path file = dir.resolve("from-env.json");

    CliRun.Result r =
        new CliRun().env("SIGNLINK_KEYSET_FILE", file.toString()).run("keyset", "create");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(file).exists();
  }

  @Test
  void neverOverwritesAnExistingKeyset() throws Exception {
    Path file = dir.resolve("keyset.json");
    assertThat(new CliRun().run("keyset", "create", "--file", file.toString()).exitCode()).isZero();
    String original = Files.readString(file);

    CliRun.Result again = new CliRun().run("keyset", "create", "--file", file.toString());

    assertThat(again.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).contains("already exists").contains("never overwritten");
    assertThat(Files.readString(file)).isEqualTo(original);
  }

  @Test
  void withoutAPathSaysHowToGiveOne() {
    CliRun.Result r = new CliRun().run("keyset", "create");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--file").contains("SIGNLINK_KEYSET_FILE");
  }
}
