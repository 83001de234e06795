package io.signlink.cli;

import io.signlink.cli.login.BrowserOpener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code signlink cds-training} (hidden): runs the short commands that matter once against a
 * throw-away data folder, so that {@code bin/signlink} can record the classes they load in a
 * class-data-sharing archive. Without it the archive held whatever the first command loaded — after
 * a newcomer's {@code --help}, none of the store, Tink or JDBC classes that {@code token} needs.
 * Prints nothing; leaves nothing behind. One instance per invocation.
 */
@Command(
    name = "cds-training",
    hidden = true,
    description = "Exercise the short commands for bin/signlink's start-up archive.")
final class CdsTrainingCommand implements Callable<Integer> {
  private final CliContext context;

  CdsTrainingCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("signlink-cds-");
    try {
      Path keyset = dir.resolve("keyset.json");
      run(Map.of(), "--help");
      run(Map.of(), "keyset", "create", "--file", keyset.toString());
      Map<String, String> env =
          Map.of(
              "SIGNLINK_DATA_DIR", dir.resolve("data").toString(),
              "SIGNLINK_KEYSET_FILE", keyset.toString(),
              "HOME", dir.toString());
      run(env, "keys", "list");
      run(env, "connections");
      run(env, "connections", "--json");
      run(env, "token", "training");
      run(env, "whoami", "training");
      return ExitCodes.OK;
    } finally {
      deleteQuietly(dir);
    }
  }

  private void run(Map<String, String> env, String... args) {
    PrintWriter discard = new PrintWriter(new StringWriter());
    try (CliContext training =
        new CliContext(
            env,
            discard,
            discard,
            BrowserOpener.none(),
            context.interrupts(),
            Clock.systemUTC(),
            CliRuntime::open)) {
      SignLinkCli.execute(training, args);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp folder left behind is harmless
    }
  }
}
