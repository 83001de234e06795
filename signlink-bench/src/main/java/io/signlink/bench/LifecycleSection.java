package io.signlink.bench;

import io.signlink.bench.lifecycle.Figure;
import io.signlink.bench.lifecycle.LifecycleBench;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the token-lifecycle benchmarks ({@link LifecycleBench}: JMH hot path against a map lookup
 * and Spring Security, the refresh storm, the background refresher on PostgreSQL) and turns their
 * figures into rows; a target written in a figure's note ("target <= 3") becomes the row's target.
 * Not thread-safe.
 */
final class LifecycleSection {
  static final String SECTION = "token lifecycle";

  /** The system property {@code BackgroundRefreshLoad} reads for its number of connections. */
  static final String CONNECTIONS_PROPERTY = "signlink.bench.connections";

  static final String QUICK_CONNECTIONS = "2000";

  private final boolean quick;
  private final Path outDir;

  LifecycleSection(boolean quick, Path outDir) {
    this.quick = quick;
    this.outDir = outDir;
  }

  SectionOutcome.Completed run() throws Exception {
    List<String> notes = new ArrayList<>();
    if (quick && System.getProperty(CONNECTIONS_PROPERTY) == null) {
      System.setProperty(CONNECTIONS_PROPERTY, QUICK_CONNECTIONS);
      notes.add(
          "quick mode: background refresh over "
              + QUICK_CONNECTIONS
              + " connections instead of"
              + " 100,000 (-D"
              + CONNECTIONS_PROPERTY
              + "=N overrides); the JMH part has no quick mode");
    }
    notes.add(
        "details in lifecycle.md / lifecycle.json next to this file; needs PostgreSQL"
            + " (SIGNLINK_TEST_PG_URL, default 127.0.0.1:5432/test)");
    List<Row> rows = new ArrayList<>();
    for (Figure f : LifecycleBench.run(outDir)) {
      // A note that only states the target is already in the target column.
      String note = f.note().matches("(?i)\\s*target\\s*[<>=≤≥]+\\s*[0-9.]+\\s*") ? "" : f.note();
      rows.add(
          new Row(
              f.benchmark() + ": " + f.metric(),
              f.value(),
              f.unit(),
              f.anchor(),
              Target.findIn(f.note()).orElse(null),
              note));
    }
    return new SectionOutcome.Completed(SECTION, rows, notes);
  }
}
