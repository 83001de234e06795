package io.signlink.bench;

import io.signlink.bench.httpclient.BearerOverheadBenchmark;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BearerOverheadBenchmark} and writes, per HTTP client, what SignLink's adapter adds to
 * a call with a cached token beside the bare call measured in the same run (target: at most 2 µs
 * added). Not thread-safe.
 */
final class HttpClientSection {
  static final String SECTION = "http-client adapters";
  static final double TARGET_ADDED_MICROS = 2.0;

  private final boolean quick;

  HttpClientSection(boolean quick) {
    this.quick = quick;
  }

  SectionOutcome.Completed run() throws Exception {
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(BearerOverheadBenchmark.class.getName())
                    .forks(1)
                    .warmupIterations(quick ? 2 : 3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 3 : 5)
                    .measurementTime(TimeValue.seconds(1))
                    .timeUnit(TimeUnit.NANOSECONDS)
                    .build())
            .run();
    Map<String, double[]> ns = new LinkedHashMap<>();
    for (RunResult r : results) {
      ns.put(
          r.getParams().getBenchmark().replaceAll(".*\\.", ""),
          new double[] {
            r.getPrimaryResult().getStatistics().getPercentile(50),
            r.getPrimaryResult().getStatistics().getPercentile(90)
          });
    }
    List<Row> rows = new ArrayList<>();
    rows.add(added("JDK HttpClient: SignLinkHttpClient", ns.get("jdkSignLink"), ns.get("jdkBare")));
    rows.add(
        added(
            "OkHttp: BearerTokenInterceptor + Authenticator",
            ns.get("okHttpSignLink"),
            ns.get("okHttpBare")));
    List<String> notes =
        List.of(
            "JMH sample mode, 1 fork, medians; a stubbed transport answers without I/O so the difference is the"
                + " adapter's own cost; the token comes from the token manager's cache");
    return new SectionOutcome.Completed(SECTION, rows, notes);
  }

  private static Row added(String metric, double[] adapter, double[] bare) {
    double addedMicros = (adapter[0] - bare[0]) / 1000.0;
    return new Row(
        metric + ": added per call",
        addedMicros,
        "µs",
        String.format(Locale.ROOT, "bare call %.2f µs", bare[0] / 1000.0),
        Target.atMost(TARGET_ADDED_MICROS),
        String.format(
            Locale.ROOT,
            "medians; adapter %.2f µs (p90 %.2f), bare p90 %.2f µs",
            adapter[0] / 1000.0,
            adapter[1] / 1000.0,
            bare[1] / 1000.0));
  }
}
