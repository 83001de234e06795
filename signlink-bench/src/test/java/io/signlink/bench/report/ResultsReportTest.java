package io.signlink.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {
  static final Machine MACHINE =
      new Machine(2, "OpenJDK 17", "Linux", 1024, Instant.parse("2026-11-22T12:00:00Z"));

  @Test
  void readsTargetsWrittenInLifecycleNotes() {
    assertThat(Target.findIn("target <= 3")).contains(Target.atMost(3));
    assertThat(Target.findIn("ratio, target >= 20 (same run)")).contains(Target.atLeast(20));
    assertThat(Target.findIn("target < 256 MiB; max heap 6028 MiB")).contains(Target.atMost(256));
    assertThat(Target.findIn("± 0.52 (99.9%)")).isEmpty();
    assertThat(Target.findIn(null)).isEmpty();
  }

  @Test
  void judgesEachFigureAgainstItsTargetAndNeverPassesAMissingValue() {
    assertThat(new Row("ratio", 0.85, "x", "", Target.atLeast(0.8), "").verdict())
        .isEqualTo(Row.Verdict.MET);
    assertThat(new Row("ratio", 0.79, "x", "", Target.atLeast(0.8), "").verdict())
        .isEqualTo(Row.Verdict.MISSED);
    assertThat(new Row("mean", 501, "ms", "", Target.atMost(500), "").verdict())
        .isEqualTo(Row.Verdict.MISSED);
    assertThat(new Row("mean", Double.NaN, "ms", "", Target.atMost(500), "").verdict())
        .isEqualTo(Row.Verdict.MISSED);
    assertThat(Row.info("rps", 10, "req/s", "", "").verdict()).isEqualTo(Row.Verdict.NONE);
  }

  @Test
  void keepsFailedAndSkippedSectionsInTheTableBesideTheMeasuredOnes(@TempDir Path dir)
      throws Exception {
    ResultsReport report =
        new ResultsReport(
            MACHINE,
            "quick",
            List.of(
                new SectionOutcome.Skipped("lifecycle", "not built yet"),
                new SectionOutcome.Completed(
                    "server",
                    List.of(
                        new Row(
                            "token / healthz", 0.9, "x", "healthz = 1", Target.atLeast(0.8), ""),
                        Row.info("p99", Double.NaN, "ms", "healthz p99 1.2 ms", "no samples"),
                        Row.info("refreshes", 0, "requests", "", "")),
                    List.of("8 threads")),
                SectionOutcome.Failed.of(
                    "cli", new IllegalStateException("signlink-all.jar is missing"))));

    report.write(dir);

    String md = Files.readString(dir.resolve("bench-results.md"));
    assertThat(md)
        .contains("Machine: 2 cores, OpenJDK 17")
        .contains("| lifecycle | skipped: not built yet |")
        .contains("| server | token / healthz | 0.90 | x | healthz = 1 | ≥ 0.80× | met |")
        .contains("| server | p99 | n/a | ms |")
        .contains("| server | refreshes | 0 | requests |")
        .contains("| cli | FAILED: IllegalStateException: signlink-all.jar is missing |")
        .contains("- server: 8 threads");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("bench-results.json").toFile());
    assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
    JsonNode server = json.get("sections").get(1);
    assertThat(server.get("status").asText()).isEqualTo("completed");
    assertThat(server.get("rows").get(0).get("verdict").asText()).isEqualTo("met");
    assertThat(server.get("rows").get(1).get("value").isNull()).isTrue();
    assertThat(json.get("sections").get(2).get("status").asText()).isEqualTo("failed");
  }

  @Test
  void summarisesDurationsWithNearestRankPercentiles() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
    }
    Distribution d = Distribution.of(samples);
    assertThat(d.count()).isEqualTo(100);
    assertThat(d.minMillis()).isEqualTo(1.0);
    assertThat(d.p50Millis()).isEqualTo(50.0);
    assertThat(d.p90Millis()).isEqualTo(90.0);
    assertThat(d.p99Millis()).isEqualTo(99.0);
    assertThat(d.meanMillis()).isEqualTo(50.5);
    assertThat(samples[0]).as("input left unsorted").isEqualTo(100_000_000L);
    assertThat(Distribution.of(new long[0]).meanMillis()).isNaN();
  }
}
