package io.signlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.support.CliRun;
import org.junit.jupiter.api.Test;

class SignLinkCliTest {

  @Test
  void printsItsVersion() {
    CliRun.Result r = new CliRun().run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("signlink 0.1.0-SNAPSHOT").contains("Java 17");
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLineWithAHint() {
    CliRun.Result r = new CliRun().run("connections", "--colour");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("signlink: Unknown option: '--colour'")
        .contains("Run 'signlink connections --help'");
    assertThat(r.err()).doesNotContain("at io.signlink");
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithSuggestions() {
    CliRun.Result r = new CliRun().run("connectoins");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("connections");
  }

  @Test
  void noCommandPrintsUsageAndExitsWithUsage() {
    CliRun.Result r = new CliRun().run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Usage: signlink").contains("login").contains("Exit codes:");
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    CliRun.Result r = new CliRun().run("token");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required parameter");
  }

  @Test
  void printsABashCompletionScriptForTheWholeTree() {
    CliRun.Result r = new CliRun().run("completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("complete -F")
        .contains("signlink")
        .contains("rotate")
        .contains("--no-browser");
  }

  @Test
  void helpExitsZero() {
    CliRun.Result r = new CliRun().run("login", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--owner").contains("--timeout");
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    CliRun.Result r = new CliRun().run("login", "docusign", "--timeout", "soon");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--timeout");
  }

  @Test
  void modelsOnlyTheSubcommandsACommandLineNeeds() { // start-up time
    assertThat(SignLinkCli.needed(new String[] {"--version"})).isEmpty();
    assertThat(SignLinkCli.needed(new String[] {"--verbose", "token", "3f2a"}))
        .containsExactly(io.signlink.cli.connection.TokenCommand.class);
    assertThat(SignLinkCli.needed(new String[] {"ls", "--json"}))
        .containsExactly(io.signlink.cli.connection.ConnectionsCommand.class);
    assertThat(SignLinkCli.needed(new String[] {"completion"})).isEqualTo(SignLinkCli.SUBCOMMANDS);
    assertThat(SignLinkCli.needed(new String[] {"tokne"})).isEqualTo(SignLinkCli.SUBCOMMANDS);
    assertThat(SignLinkCli.needed(new String[] {"--help"})).isEqualTo(SignLinkCli.SUBCOMMANDS);
    assertThat(SignLinkCli.needed(new String[] {})).isEqualTo(SignLinkCli.SUBCOMMANDS);
  }

  @Test
  void helpOfTheRootListsEveryCommand() {
    CliRun.Result r = new CliRun().run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("login")
        .contains("connections")
        .contains("token")
        .contains("refresh")
        .contains("revoke")
        .contains("whoami")
        .contains("call")
        .contains("keys")
        .contains("serve")
        .contains("demo")
        .contains("completion");
  }
}
