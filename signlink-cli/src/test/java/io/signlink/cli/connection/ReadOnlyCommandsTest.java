package io.signlink.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.CliRuntime;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asking a question of a fresh machine creates nothing: no data folder, keyset or database. */
class ReadOnlyCommandsTest {
  @TempDir Path home;

  private CliRun freshMachine() {
    return new CliRun()
        .env("HOME", home.toString())
        .env("SIGNLINK_DATA_DIR", home.resolve("data").toString())
        .runtime(CliRuntime::open);
  }

  @Test
  void listingConnectionsOnAFreshMachineCreatesNoFiles() {
    CliRun.Result r = freshMachine().run("connections");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("No connections yet").contains("signlink login");
    assertThat(home.resolve("data")).doesNotExist();
  }

  @Test
  void listingAsJsonOnAFreshMachinePrintsAnEmptyArray() {
    CliRun.Result r = freshMachine().run("connections", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("[ ]");
    assertThat(home.resolve("data")).doesNotExist();
  }

  @Test
  void askingForATokenOnAFreshMachineSaysNothingIsConnectedAndCreatesNoFiles() {
    for (String command : new String[] {"token", "whoami", "refresh", "revoke"}) {
      CliRun.Result r = freshMachine().run(command, "3f2a");

      assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(ExitCodes.FAILURE);
      assertThat(r.err()).contains("No connection '3f2a'").contains("signlink login");
    }
    assertThat(home.resolve("data")).doesNotExist();
  }
}
