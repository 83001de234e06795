package io.signlink.bench.spring;

import io.signlink.bench.fixture.TempDirs;
import io.signlink.bench.report.Distribution;
import io.signlink.bench.report.Numbers;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Spring Boot starter adds to an application's start: the example application ({@code
 * examples/spring-boot}, Tomcat, Actuator, the DocuSign SDK) started as fresh processes with
 * SignLink on and, as the anchor, with {@code --signlink.enabled=false} (the same jar and classes,
 * SignLink's auto-configuration and pages off), alternating. The figure is Spring Boot's own
 * "process running for" at "Started …": JVM start to a context ready to serve. With SignLink on,
 * the store is SQLite in a temp folder made by the warm-up run (a restart, as in production). Not
 * thread-safe.
 */
public final class SpringBootStartBench {
  public static final String SECTION = "Spring Boot start";
  static final double TARGET_ADDED_MILLIS = 150;
  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");
  private static final long START_TIMEOUT_SECONDS = 300;

  /**
   * @param java the java binary for every child
   * @param exampleJar {@code examples/spring-boot/target/signlink-example-spring-boot-exec.jar}
   * @param warmups unmeasured starts of each kind before the measured ones
   * @param runs measured starts of each kind
   */
  public record Settings(Path java, Path exampleJar, int warmups, int runs) {
    public Settings {
      if (warmups < 0 || runs < 1) {
        throw new IllegalArgumentException("need warm-ups >= 0 and runs >= 1");
      }
    }
  }

  private final Settings settings;

  public SpringBootStartBench(Settings settings) {
    this.settings = settings;
  }

  public SectionOutcome.Completed run() throws IOException, InterruptedException {
    if (!Files.isRegularFile(settings.exampleJar())) {
      throw new IllegalStateException(
          settings.exampleJar() + " is missing; build it first: mvn -B -q package -DskipTests");
    }
    Path dir = TempDirs.create("signlink-bench-boot-");
    try {
      List<String> bare = command(dir, false);
      List<String> starter = command(dir, true);
      for (int i = 0; i < settings.warmups(); i++) {
        readyAfter(bare, dir);
        readyAfter(starter, dir);
      }
      long[] bareNanos = new long[settings.runs()];
      long[] starterNanos = new long[settings.runs()];
      long[] bareCpu = new long[settings.runs()];
      long[] starterCpu = new long[settings.runs()];
      for (int i = 0; i < settings.runs(); i++) {
        Start one = readyAfter(bare, dir);
        Start two = readyAfter(starter, dir);
        bareNanos[i] = one.uptimeNanos();
        bareCpu[i] = one.cpuNanos();
        starterNanos[i] = two.uptimeNanos();
        starterCpu[i] = two.cpuNanos();
      }
      Distribution b = Distribution.of(bareNanos);
      Distribution s = Distribution.of(starterNanos);
      Distribution bc = Distribution.of(bareCpu);
      Distribution sc = Distribution.of(starterCpu);
      String anchor = "bare: mean " + Numbers.format(b.meanMillis()) + " ms";
      List<Row> rows =
          List.of(
              Row.info(
                  "bare Spring Boot app (SignLink off) ready after, mean",
                  b.meanMillis(),
                  "ms",
                  "(anchor)",
                  ""),
              Row.info(
                  "bare Spring Boot app ready after, min", b.minMillis(), "ms", "(anchor)", ""),
              Row.info(
                  "with the SignLink starter ready after, mean", s.meanMillis(), "ms", anchor, ""),
              Row.info(
                  "with the SignLink starter ready after, min",
                  s.minMillis(),
                  "ms",
                  "bare: min " + Numbers.format(b.minMillis()) + " ms",
                  ""),
              new Row(
                  "added by the starter (difference of the means)",
                  s.meanMillis() - b.meanMillis(),
                  "ms",
                  anchor,
                  Target.atMost(TARGET_ADDED_MILLIS),
                  ""),
              Row.info(
                  "added by the starter (difference of the minimums)",
                  s.minMillis() - b.minMillis(),
                  "ms",
                  "bare: min " + Numbers.format(b.minMillis()) + " ms",
                  "the least disturbed pair on a shared machine"),
              Row.info("CPU time until ready, bare, mean", bc.meanMillis(), "ms", "(anchor)", ""),
              Row.info(
                  "CPU time until ready, with the starter, mean",
                  sc.meanMillis(),
                  "ms",
                  "bare: mean " + Numbers.format(bc.meanMillis()) + " ms",
                  ""),
              Row.info(
                  "CPU time added by the starter (difference of the means)",
                  sc.meanMillis() - bc.meanMillis(),
                  "ms",
                  "bare: mean " + Numbers.format(bc.meanMillis()) + " ms",
                  "all threads; steadier than wall time when other work shares the cores"));
      List<String> notes =
          List.of(
              settings.runs()
                  + " measured starts of each kind, alternating, after "
                  + settings.warmups()
                  + " warm-up(s) each; each a new process of "
                  + settings.java()
                  + " -jar "
                  + settings.exampleJar().getFileName()
                  + " on a free port, timed by Spring Boot's 'process running for' and stopped"
                  + " once started; SignLink on opens its SQLite store (kept between runs) and"
                  + " one DocuSign profile, and starts its background refresher");
      return new SectionOutcome.Completed(SECTION, rows, notes);
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }

  private List<String> command(Path dir, boolean signlink) {
    List<String> c = new ArrayList<>();
    c.add(settings.java().toString());
    c.add("-jar");
    c.add(settings.exampleJar().toString());
    c.add("--server.port=0");
    c.add("--server.address=127.0.0.1");
    c.add("--spring.main.banner-mode=off");
    c.add("--signlink.enabled=" + signlink);
    c.add("--signlink.public-url=http://127.0.0.1:8080");
    c.add("--signlink.data-dir=" + dir.resolve("data"));
    c.add("--signlink.providers.docusign.client-id=bench-integration-key");
    c.add("--signlink.providers.docusign.account-url=http://127.0.0.1:9/docusign");
    return List.copyOf(c);
  }

  /**
   * One start until "Started …".
   *
   * @param uptimeNanos the JVM's uptime then, as Spring Boot reports it
   * @param cpuNanos the CPU time the process had used by then, all threads: the work done, which a
   *     busy machine delays but does not inflate the way it inflates wall time
   */
  record Start(long uptimeNanos, long cpuNanos) {}

  /** Starts the application, waits for "Started …", stops it. */
  private static Start readyAfter(List<String> command, Path dir)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    Process p = pb.start();
    List<String> tail = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
      String line;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        Matcher m = STARTED.matcher(line);
        if (m.find()) {
          long cpu = p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
          return new Start((long) (Double.parseDouble(m.group(1)) * 1e9), cpu);
        }
        tail.add(line);
        if (tail.size() > 5) {
          tail.remove(0);
        }
      }
      throw new IllegalStateException(
          "the example did not start (" + String.join(" | ", tail) + ")");
    } finally {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
