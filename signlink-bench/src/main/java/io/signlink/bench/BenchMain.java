package io.signlink.bench;

import io.signlink.bench.coldstart.CliColdStartBench;
import io.signlink.bench.load.ProxyLoadBench;
import io.signlink.bench.load.ServerLoadBench;
import io.signlink.bench.report.Machine;
import io.signlink.bench.report.ResultsReport;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.spring.SpringBootStartBench;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one command that runs every benchmark — token lifecycle, HTTP-client adapters, service load,
 * CLI cold start, Spring Boot start — and writes {@code bench-results.md} and {@code
 * bench-results.json}, each figure beside the anchor measured in the same run and its target. Each
 * section catches its own failure and records it in the table; the exit code is 1 when a section
 * failed (a missed target is a result, not a failure). The composition root of the benchmarks. One
 * instance per run; not thread-safe.
 */
@Command(
    name = "signlink-bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Run SignLink's benchmarks and write target/bench-results.md and .json.",
    footer = {
      "",
      "Example: java -jar signlink-bench/target/signlink-bench.jar --quick --only server,cli"
    })
public final class BenchMain implements Callable<Integer> {
  static final String LIFECYCLE = "lifecycle";
  static final String SERVER = "server";
  static final String CLI = "cli";
  static final String HTTP = "http";
  static final String PROXY = "proxy";
  static final String SPRING = "spring";

  @Option(
      names = "--quick",
      description = "Short smoke run (2 s load per endpoint, 3 CLI runs, fewer connections).")
  boolean quick;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "SECTION",
      description =
          "Sections to run, in order lifecycle, http, server, proxy, cli, spring (default: all).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the results go (default: the folder of this jar, signlink-bench/target).")
  Path out;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Concurrent client threads for the server load (default: 8).")
  int threads = 8;

  @Option(
      names = "--driver",
      paramLabel = "RAW|JDK",
      description =
          "Load client: RAW (a socket per thread, cheap on CPU; default) or JDK (java.net.http.HttpClient).")
  ServerLoadBench.Driver driver = ServerLoadBench.Driver.RAW;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Measured load per endpoint (default: 10, quick: 2).")
  Integer duration;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description = "Load warm-up per endpoint (default: 5, quick: 1).")
  Integer warmup;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Measured CLI runs per command (default: 10, quick: 3).")
  Integer runs;

  @Option(
      names = "--cli-jar",
      paramLabel = "JAR",
      description = "The CLI jar (default: signlink-cli/target/signlink-all.jar of this checkout).")
  Path cliJar;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<String> sections = sections();
    Path outDir = out != null ? out : BuildLayout.benchTarget();
    List<SectionOutcome> outcomes = new ArrayList<>();
    if (sections.contains(LIFECYCLE)) {
      outcomes.add(
          section(LifecycleSection.SECTION, () -> new LifecycleSection(quick, outDir).run()));
    }
    if (sections.contains(HTTP)) {
      outcomes.add(section(HttpClientSection.SECTION, () -> new HttpClientSection(quick).run()));
    }
    if (sections.contains(SERVER)) {
      ServerLoadBench.Settings s =
          new ServerLoadBench.Settings(
              threads,
              Duration.ofSeconds(warmup != null ? warmup : quick ? 1 : 5),
              Duration.ofSeconds(duration != null ? duration : quick ? 2 : 10),
              driver);
      outcomes.add(section(ServerLoadBench.SECTION, () -> new ServerLoadBench(s).run()));
    }
    if (sections.contains(PROXY)) {
      ServerLoadBench.Settings s =
          new ServerLoadBench.Settings(
              threads,
              Duration.ofSeconds(warmup != null ? warmup : quick ? 1 : 5),
              Duration.ofSeconds(duration != null ? duration : quick ? 2 : 10),
              driver);
      long bytes = (quick ? 20L : 100L) * 1024 * 1024;
      outcomes.add(section(ProxyLoadBench.SECTION, () -> new ProxyLoadBench(s, bytes, true).run()));
    }
    if (sections.contains(CLI)) {
      CliColdStartBench.Settings s =
          new CliColdStartBench.Settings(
              BuildLayout.currentJava(),
              cliJar != null ? cliJar : BuildLayout.cliJar(),
              BuildLayout.launcher(),
              quick ? 1 : 2,
              runs != null ? runs : quick ? 3 : 10);
      outcomes.add(section(CliColdStartBench.SECTION, () -> new CliColdStartBench(s).run()));
    }
    if (sections.contains(SPRING)) {
      SpringBootStartBench.Settings s =
          new SpringBootStartBench.Settings(
              BuildLayout.currentJava(), BuildLayout.springBootExampleJar(), 1, quick ? 2 : 5);
      outcomes.add(section(SpringBootStartBench.SECTION, () -> new SpringBootStartBench(s).run()));
    }
    ResultsReport report =
        new ResultsReport(Machine.current(Clock.systemUTC()), quick ? "quick" : "full", outcomes);
    Path written = report.write(outDir);
    System.out.println();
    System.out.println(report.markdown());
    System.out.println(
        "Written: " + written + " and " + written.resolveSibling("bench-results.json"));
    return outcomes.stream().anyMatch(o -> o instanceof SectionOutcome.Failed) ? 1 : 0;
  }

  private Set<String> sections() {
    Set<String> all = new LinkedHashSet<>(List.of(LIFECYCLE, HTTP, SERVER, PROXY, CLI, SPRING));
    if (only.isEmpty()) {
      return all;
    }
    for (String s : only) {
      if (!all.contains(s.trim())) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "Unknown section '"
                + s
                + "'; use lifecycle, http, server, proxy, cli or spring, e.g. --only server,cli");
      }
    }
    all.retainAll(only.stream().map(String::trim).toList());
    return all;
  }

  /** Runs one section; any failure becomes a row of the table instead of ending the run. */
  private static SectionOutcome section(String name, Callable<SectionOutcome> body) {
    System.out.println("== " + name);
    long start = System.nanoTime();
    SectionOutcome outcome;
    try {
      outcome = body.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = SectionOutcome.Failed.of(name, e);
    } catch (Exception | LinkageError e) {
      outcome = SectionOutcome.Failed.of(name, e);
    }
    System.out.printf(
        "== %s: %s in %.1f s%n",
        name,
        outcome instanceof SectionOutcome.Failed f ? "FAILED (" + f.reason() + ")" : "done",
        (System.nanoTime() - start) / 1e9);
    return outcome;
  }
}
