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
    Run r = run(List.of("SIGNLINK_DATA_DIR=" + dir.resolve("data")), "token", "nope");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines())
        .containsExactly(
            "signlink: No connection 'nope': nothing is connected yet. Run `signlink login"
                + " <provider>` to add one.");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void serveLogsRedactedJsonLinesAtTheConfiguredLevelAndReportsUnknownSettings(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            JAR.toString(),
            "serve");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    pb.environment().put("SIGNLINK_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("SIGNLINK_PORT", "0");
    pb.environment().put("SIGNLINK_LOG_FORMAT", "json");
    pb.environment().put("SIGNLINK_LOG_LEVEL", "debug");
    pb.environment().put("SIGNLINK_PROT", "9090"); // a typo SignLink must point out
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      String listening = awaitLine(err, "SignLink is listening on ", p);
      java.net.URI base =
          java.net.URI.create(listening.substring(listening.indexOf("http")).split(" ")[0]);
      var client = java.net.http.HttpClient.newHttpClient();
      var health =
          client.send(
              java.net.http.HttpRequest.newBuilder(base.resolve("/healthz?access_token=leaky"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      String accessLine = awaitLine(out, "/healthz", p);
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accessLine);
      assertThat(json.get("level").asText()).isEqualTo("INFO");
      assertThat(json.get("msg").asText()).contains("/healthz").doesNotContain("leaky");
      assertThat(Files.readString(out)).contains("\"level\":\"DEBUG\"");
      assertThat(Files.readString(out) + Files.readString(err))
          .contains("SIGNLINK_PROT")
          .contains("SIGNLINK_PORT");
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveRefusesAnUnknownLogLevelByName(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Run r =
        run(
            List.of("SIGNLINK_DATA_DIR=" + dir, "SIGNLINK_PORT=0", "SIGNLINK_LOG_LEVEL=loud"),
            "serve");
    assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("SIGNLINK_LOG_LEVEL").contains("DEBUG, INFO");
  }

  @Test
  void theLaunchersArchiveHoldsTheStoreClassesEvenWhenHelpRanFirst(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path launcher = Path.of("..", "bin", "signlink").toAbsolutePath().normalize();
    ProcessBuilder help = new ProcessBuilder(launcher.toString(), "--help");
    help.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    help.environment().put("SIGNLINK_CDS_DIR", dir.resolve("cds").toString());
    help.environment().put("SIGNLINK_JAVA", javaBinary());
    Process p =
        help.redirectErrorStream(true).redirectOutput(dir.resolve("help.txt").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("help.txt"))).isZero();
    List<Path> archives;
    try (var files = Files.list(dir.resolve("cds"))) {
      archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
    assertThat(archives).hasSize(1);

    Path classes = dir.resolve("classes.txt");
    ProcessBuilder list =
        new ProcessBuilder(
            javaBinary(),
            "-XX:SharedArchiveFile=" + archives.get(0),
            "-Xlog:class+load=info:file=" + classes,
            "-jar",
            JAR.toAbsolutePath().toString(),
            "keys",
            "list");
    list.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    list.environment().put("SIGNLINK_DATA_DIR", dir.resolve("data").toString());
    Process q =
        list.redirectErrorStream(true).redirectOutput(dir.resolve("list.txt").toFile()).start();
    assertThat(q.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> shared =
        Files.readAllLines(classes).stream()
            .filter(l -> l.contains("shared objects file"))
            .toList();
    assertThat(shared)
        .anyMatch(l -> l.contains("com.google.crypto.tink."))
        .anyMatch(l -> l.contains("org.sqlite."))
        .anyMatch(l -> l.contains("com.zaxxer.hikari."));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String awaitLine(Path file, String marker, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.contains(marker)) {
          return line;
        }
      }
      assertThat(p.isAlive()).as("signlink serve exited: " + Files.readString(file)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no line with '" + marker + "' in " + Files.readString(file));
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
