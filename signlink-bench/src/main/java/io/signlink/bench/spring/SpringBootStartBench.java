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
 * "process running for" at "Started …": JVM start to a context ready to serve; the figure held to
 * the target is the median of the paired differences (each start with SignLink minus the start
 * without it just before), which a load that drifts during the run disturbs least. SignLink opens
 * its runtime after the start, on a thread of its own: each start with it on is also timed to the
 * starter's "SignLink opened in the background" line, and only then stopped, so that its background
 * work is reported (not hidden) and does not spill into the next start. With SignLink on, the store
 * is SQLite in a temp folder made by the warm-up run (a restart, as in production). Not
 * thread-safe.
 */
public final class SpringBootStartBench {
  public static final String SECTION = "Spring Boot start";
  static final double TARGET_ADDED_MILLIS = 150;
  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");
  private static final Pattern OPENED =
      Pattern.compile(
          "SignLink opened in the background in [0-9]+ ms \\(process running for ([0-9.]+) s\\)");
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
    String loadBefore = loadAverage();
    try {
      List<String> bare = command(dir, false);
      List<String> starter = command(dir, true);
      for (int i = 0; i < settings.warmups(); i++) {
        readyAfter(bare, dir);
        readyAfter(starter, dir);
      }
      long[] bareNanos = new long[settings.runs()];
      long[] starterNanos = new long[settings.runs()];
      long[] addedNanos = new long[settings.runs()];
      long[] bareCpu = new long[settings.runs()];
      long[] starterCpu = new long[settings.runs()];
      long[] addedCpu = new long[settings.runs()];
      List<Long> openNanos = new ArrayList<>();
      List<Long> openCpu = new ArrayList<>();
      for (int i = 0; i < settings.runs(); i++) {
        Start one = readyAfter(bare, dir);
        Start two = readyAfter(starter, dir);
        bareNanos[i] = one.uptimeNanos();
        bareCpu[i] = one.cpuNanos();
        starterNanos[i] = two.uptimeNanos();
        starterCpu[i] = two.cpuNanos();
        addedNanos[i] = two.uptimeNanos() - one.uptimeNanos();
        addedCpu[i] = two.cpuNanos() - one.cpuNanos();
        if (two.openedUptimeNanos() > 0) {
          openNanos.add(two.openedUptimeNanos());
          openCpu.add(two.openedCpuNanos());
        }
      }
      Distribution b = Distribution.of(bareNanos);
      Distribution s = Distribution.of(starterNanos);
      Distribution bc = Distribution.of(bareCpu);
      Distribution sc = Distribution.of(starterCpu);
      String anchor = "bare: median " + Numbers.format(b.p50Millis()) + " ms";
      String cpuAnchor = "bare: median " + Numbers.format(bc.p50Millis()) + " ms";
      List<Row> rows = new ArrayList<>();
      rows.add(
          Row.info(
              "bare Spring Boot app (SignLink off) ready after, median",
              b.p50Millis(),
              "ms",
              "(anchor)",
              ""));
      rows.add(
          Row.info(
              "with the SignLink starter ready after, median", s.p50Millis(), "ms", anchor, ""));
      rows.add(
          new Row(
              "added by the starter (median of the paired differences)",
              Distribution.of(addedNanos).p50Millis(),
              "ms",
              anchor,
              Target.atMost(TARGET_ADDED_MILLIS),
              "each starter start minus the bare start just before it"));
      rows.add(
          Row.info(
              "added by the starter (difference of the medians)",
              s.p50Millis() - b.p50Millis(),
              "ms",
              anchor,
              ""));
      rows.add(
          Row.info(
              "added by the starter (difference of the minimums)",
              s.minMillis() - b.minMillis(),
              "ms",
              "bare: min " + Numbers.format(b.minMillis()) + " ms",
              "the least disturbed pair on a shared machine"));
      rows.add(
          Row.info("CPU time until ready, bare, median", bc.p50Millis(), "ms", "(anchor)", ""));
      rows.add(
          Row.info(
              "CPU time until ready, with the starter, median",
              sc.p50Millis(),
              "ms",
              cpuAnchor,
              ""));
      rows.add(
          Row.info(
              "CPU time added by the starter (median of the paired differences)",
              Distribution.of(addedCpu).p50Millis(),
              "ms",
              cpuAnchor,
              "all threads; steadier than wall time when other work shares the cores"));
      if (!openNanos.isEmpty()) {
        rows.add(
            Row.info(
                "SignLink open (after the start, in the background) after, median",
                Distribution.of(toArray(openNanos)).p50Millis(),
                "ms",
                anchor,
                "JVM start to the starter's 'SignLink opened in the background' line: the"
                    + " work moved out of the start, not removed"));
        rows.add(
            Row.info(
                "CPU time until SignLink open, with the starter, median",
                Distribution.of(toArray(openCpu)).p50Millis(),
                "ms",
                cpuAnchor,
                "what SignLink still costs the process, once, after it is ready"));
      }
      List<String> notes =
          List.of(
              "load average (1 min) at the section's start and end: "
                  + loadBefore
                  + " and "
                  + loadAverage()
                  + " on "
                  + Runtime.getRuntime().availableProcessors()
                  + " cores; once it exceeds the cores, the wall figures swing by seconds"
                  + " from one start to the next and only the CPU figures say much",
              settings.runs()
                  + " measured starts of each kind, alternating, after "
                  + settings.warmups()
                  + " warm-up(s) each; each a new process of "
                  + settings.java()
                  + " -jar "
                  + settings.exampleJar().getFileName()
                  + " (the same jar, JVM and JVM options for both; the bare one with"
                  + " --signlink.enabled=false) on a free port, timed by Spring Boot's 'process"
                  + " running for' at 'Started', and stopped once SignLink has opened; SignLink"
                  + " on opens its SQLite store (kept between runs) and one DocuSign profile, and"
                  + " starts its background refresher. The bare start has SignLink's jars on its"
                  + " class path too, which the figure therefore does not count.");
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
   * @param openedUptimeNanos the JVM's uptime when the starter logged that SignLink opened in the
   *     background, or 0 (SignLink off, or opened in the start)
   * @param openedCpuNanos the CPU time by then, or 0
   */
  record Start(long uptimeNanos, long cpuNanos, long openedUptimeNanos, long openedCpuNanos) {}

  /** The 1-minute load average, or "unknown" off Linux. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static Start readyAfter(List<String> command, Path dir)
      throws IOException, InterruptedException {
    return readyAfter(command, dir, command.contains("--signlink.enabled=true"));
  }

  /**
   * One start until "Started …" and, with SignLink on, until it says it opened (so that the next
   * start does not share the machine with this one's background work).
   */
  private static Start readyAfter(List<String> command, Path dir, boolean signlink)
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
      Start started = null;
      boolean openedInTheStart = false;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        Matcher m = STARTED.matcher(line);
        if (started == null && m.find()) {
          long cpu = p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
          started = new Start((long) (Double.parseDouble(m.group(1)) * 1e9), cpu, 0, 0);
          if (!signlink || openedInTheStart) {
            return started;
          }
          continue;
        }
        Matcher opened = OPENED.matcher(line);
        if (opened.find() && started != null) {
          long cpu = p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
          long uptime = (long) (Double.parseDouble(opened.group(1)) * 1e9);
          return new Start(started.uptimeNanos(), started.cpuNanos(), uptime, cpu);
        }
        if (started == null && line.contains("signlink runtime opened")) {
          openedInTheStart = true; // eager, or a bean needed it: no background opening follows
        }
        if (line.contains("SignLink could not open")) {
          throw new IllegalStateException("SignLink did not open: " + line);
        }
        tail.add(line);
        if (tail.size() > 5) {
          tail.remove(0);
        }
      }
      if (started != null) {
        return started;
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
