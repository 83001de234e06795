package io.signlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code java -jar target/signlink-all.jar} as a process (bound to integration-test). */
class ShadedJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("signlink.jar", "target/signlink-all.jar"));

  record Run(int exit, String out, String err) {}

  @Test
  void printsItsVersionFromTheShadedJar() throws Exception {
    Run r = run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("signlink 0.1.0-SNAPSHOT\nJava 17");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void listsEveryCommandAndExitsWithUsageOnABadOption() throws Exception {
    assertThat(run("--help").out()).contains("login").contains("demo").contains("completion");
    Run bad = run("connections", "--colour");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).startsWith("signlink: Unknown option: '--colour'");
  }

  @Test
  void anUnknownConnectionExitsWith1WithoutLogNoise(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Run r = run(List.of("SIGNLINK_DATA_DIR=" + dir), "token", "nope");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(
            r.err()
                .lines()
                .filter(l -> !l.startsWith("WARN KeysetLoading"))) // first use makes a keyset
        .containsExactly(
            "signlink: No connection 'nope'. Run `signlink connections` to list them.");
  }

  private static Run run(String... args) throws IOException, InterruptedException {
    return run(List.of(), args);
  }

  private static Run run(List<String> env, String... args)
      throws IOException, InterruptedException {
    assertThat(JAR).as("run `mvn package` first").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    for (String kv : env) {
      String[] p = kv.split("=", 2);
      pb.environment().put(p[0], p[1]);
    }
    Path out = Files.createTempFile("signlink-out", ".txt");
    Path err = Files.createTempFile("signlink-err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Run r =
        new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
