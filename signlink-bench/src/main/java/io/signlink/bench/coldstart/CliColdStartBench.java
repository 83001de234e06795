package io.signlink.bench.coldstart;

import io.signlink.bench.fixture.EmulatedSignLink;
import io.signlink.bench.fixture.TempDirs;
import io.signlink.bench.report.Distribution;
import io.signlink.bench.report.Numbers;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import io.signlink.emulator.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI cold start: wall time of {@code java -jar signlink-all.jar --version} and of {@code …
 * token <id>} as fresh processes, beside {@code java -version} of the same JVM in the same run. The
 * token comes from a store made by the service's consent flow with the same {@code SIGNLINK_*}
 * variables the CLI reads; it is fresh, so the CLI answers without calling the provider (the
 * emulator stays up and counts refreshes to prove it). When {@code bin/signlink} (the launcher with
 * an AppCDS archive) is present, its {@code token} run is timed too. Not thread-safe.
 */
public final class CliColdStartBench {
  public static final String SECTION = "CLI cold start";
  static final double TARGET_MILLIS = 500;

  /**
   * @param java the java binary for every child (the one running the benchmarks)
   * @param cliJar {@code signlink-cli/target/signlink-all.jar}
   * @param launcher {@code bin/signlink}, or {@code null} to leave it out
   * @param warmups unmeasured runs before each command's measured runs
   * @param runs measured runs per command
   */
  public record Settings(Path java, Path cliJar, Path launcher, int warmups, int runs) {
    public Settings {
      if (warmups < 0 || runs < 1) {
        throw new IllegalArgumentException("need warm-ups >= 0 and runs >= 1");
      }
    }
  }

  private final Settings settings;

  public CliColdStartBench(Settings settings) {
    this.settings = settings;
  }

  public SectionOutcome.Completed run() throws IOException, InterruptedException {
    if (!Files.isRegularFile(settings.cliJar())) {
      throw new IllegalStateException(
          settings.cliJar()
              + " is missing; build it first:"
              + " mvn -B -q package -DskipTests (or pass --cli-jar)");
    }
    Path dir = TempDirs.create("signlink-bench-cli-");
    try (EmulatedSignLink sl = EmulatedSignLink.start(dir.resolve("data"))) {
      String id = sl.connectDocuSign("bench-cli");
      sl.stopServer();
      Map<String, String> env = new HashMap<>(sl.environment());
      env.put("SIGNLINK_JAVA", settings.java().toString());
      env.put("SIGNLINK_CDS_DIR", dir.resolve("cds").toString());
      ProcessTimer timer = new ProcessTimer(env, Files.createDirectories(dir.resolve("scratch")));

      String java = settings.java().toString();
      String jar = settings.cliJar().toString();
      List<String> javaVersion = List.of(java, "-version");
      List<String> version = List.of(java, "-jar", jar, "--version");
      List<String> token = List.of(java, "-jar", jar, "token", id);
      if (!timer.printsOneLine(token)) {
        throw new IllegalStateException("`signlink token` did not print exactly one line");
      }
      long refreshesBefore = refreshes(sl);
      Distribution anchor = timer.time(javaVersion, settings.warmups(), settings.runs());
      Distribution v = timer.time(version, settings.warmups(), settings.runs());
      Distribution t = timer.time(token, settings.warmups(), settings.runs());
      List<Row> rows = new ArrayList<>();
      rows.addAll(rows("java -version", anchor, null, false));
      rows.addAll(rows("signlink --version", v, anchor, true));
      rows.addAll(rows("signlink token <id>", t, anchor, true));
      List<String> launcherCommand = null;
      if (settings.launcher() != null && Files.isExecutable(settings.launcher())) {
        launcherCommand = List.of(settings.launcher().toString(), "token", id);
        Distribution l = timer.time(launcherCommand, settings.warmups(), settings.runs());
        rows.addAll(rows("bin/signlink token <id> (AppCDS, C1)", l, anchor, true));
      }
      long refreshes = refreshes(sl) - refreshesBefore;
      rows.add(
          Row.info(
              "refreshes at the provider during the token runs",
              refreshes,
              "requests",
              "",
              "0 means every run answered from the stored token, as it should for a fresh token"));
      List<String> notes =
          new ArrayList<>(
              List.of(
                  settings.runs()
                      + " measured runs per command after "
                      + settings.warmups()
                      + " warm-ups, each a"
                      + " new process of "
                      + java
                      + " started and awaited from this JVM (wall time, output"
                      + " discarded); the store is SQLite in a temp folder, one DocuSign connection made by"
                      + " the consent flow"));
      if (settings.launcher() == null || !Files.isExecutable(settings.launcher())) {
        notes.add("bin/signlink not found next to the build; launcher not timed");
      }
      hyperfine(env, dir, List.of(javaVersion, version, token), launcherCommand, rows, notes);
      return new SectionOutcome.Completed(SECTION, rows, notes);
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }

  private static List<Row> rows(
      String what, Distribution d, Distribution anchor, boolean targeted) {
    Target target = targeted ? Target.atMost(TARGET_MILLIS) : null;
    String a = anchor == null ? "(anchor)" : "java -version ";
    return List.of(
        new Row(
            what + " mean",
            d.meanMillis(),
            "ms",
            anchor == null ? a : a + "mean " + Numbers.format(anchor.meanMillis()) + " ms",
            target,
            ""),
        Row.info(
            what + " min",
            d.minMillis(),
            "ms",
            anchor == null ? a : a + "min " + Numbers.format(anchor.minMillis()) + " ms",
            ""),
        Row.info(
            what + " p90",
            d.p90Millis(),
            "ms",
            anchor == null ? a : a + "p90 " + Numbers.format(anchor.p90Millis()) + " ms",
            ""));
  }

  private void hyperfine(
      Map<String, String> env,
      Path dir,
      List<List<String>> commands,
      List<String> launcher,
      List<Row> rows,
      List<String> notes) {
    Optional<Hyperfine> hf = Hyperfine.find();
    if (hf.isEmpty()) {
      notes.add("hyperfine is not installed; no cross-check (optional: apt-get install hyperfine)");
      return;
    }
    List<List<String>> all = new ArrayList<>(commands);
    if (launcher != null) {
      all.add(launcher);
    }
    String[] names = {
      "java -version", "signlink --version", "signlink token <id>", "bin/signlink token <id>"
    };
    try {
      List<Double> means = hf.get().meanMillis(all, env, settings.warmups(), settings.runs(), dir);
      for (int i = 0; i < means.size(); i++) {
        rows.add(
            Row.info("hyperfine cross-check: " + names[i] + " mean", means.get(i), "ms", "", ""));
      }
    } catch (IOException | RuntimeException e) {
      notes.add("hyperfine cross-check failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      notes.add("hyperfine cross-check interrupted");
    }
  }

  private static long refreshes(EmulatedSignLink sl) {
    return sl.emulator().stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }
}
