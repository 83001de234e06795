package io.signlink.bench.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the token-lifecycle benchmarks (JMH hot path, refresh storm, refreshes per expiry for 1 h
 * and 15 s tokens across three instances, background refresh of many connections) and writes {@code
 * lifecycle.md} and {@code lifecycle.json} to the output folder. Entry point for a top-level bench
 * runner: {@link #run(Path)}. Needs PostgreSQL at {@code SIGNLINK_TEST_PG_URL} (default
 * 127.0.0.1:5432/test) and a classpath JMH can fork with.
 */
public final class LifecycleBench {
  private LifecycleBench() {}

  public static void main(String[] args) throws Exception {
    run(Path.of(args.length > 0 ? args[0] : "signlink-bench/target/bench"));
  }

  /** Runs everything and writes the results; returns the figures. */
  public static List<Figure> run(Path outDir) throws Exception {
    List<Figure> figures = new ArrayList<>(hotPath());
    figures.addAll(RefreshStormLoad.run());
    figures.addAll(ExpiryCycleLoad.run());
    figures.addAll(BackgroundRefreshLoad.run());
    write(outDir, figures);
    return figures;
  }

  static List<Figure> hotPath() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CachedTokenBenchmark.class.getName())
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .timeUnit(TimeUnit.NANOSECONDS)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      byName.put(
          name,
          new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    double map = byName.get("concurrentHashMapGet")[0];
    double signLink = byName.get("signLinkAccessToken")[0];
    double spring = byName.get("springAuthorize")[0];
    List<Figure> out = new ArrayList<>();
    byName.forEach(
        (name, v) ->
            out.add(
                new Figure(
                    "hot path (JMH avgt)",
                    name,
                    v[0],
                    "ns/op",
                    String.format(Locale.ROOT, "± %.2f (99.9%%)", v[1]))));
    out.add(
        new Figure("hot path (JMH avgt)", "SignLink / map", signLink / map, "x", "target <= 3"));
    out.add(
        new Figure(
            "hot path (JMH avgt)", "Spring / SignLink", spring / signLink, "x", "target >= 20"));
    return out;
  }

  static void write(Path outDir, List<Figure> figures) throws Exception {
    Files.createDirectories(outDir);
    StringBuilder md =
        new StringBuilder("# SignLink token lifecycle benchmarks\n\n")
            .append(
                "| benchmark | metric | value | unit | anchor | note |\n|---|---|---:|---|---|---|\n");
    for (Figure f : figures) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %s | %s | %s |%n",
              f.benchmark(),
              f.metric(),
              f.value(),
              f.unit(),
              f.anchor().replace("|", "/"),
              f.note().replace("|", "/")));
    }
    Files.writeString(outDir.resolve("lifecycle.md"), md);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(outDir.resolve("lifecycle.json").toFile(), figures);
    System.out.println(md);
  }
}
