package io.signlink.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A one-second smoke run of the service load check against a real server and emulator. */
class ServerLoadBenchTest {

  @ParameterizedTest
  @EnumSource(ServerLoadBench.Driver.class)
  void servesTheTokenEndpointUnderLoadFromTheCacheWithoutErrors(ServerLoadBench.Driver driver)
      throws Exception {
    SectionOutcome.Completed outcome =
        new ServerLoadBench(
                new ServerLoadBench.Settings(2, Duration.ZERO, Duration.ofMillis(600), driver))
            .run();

    Map<String, Row> rows =
        outcome.rows().stream().collect(Collectors.toMap(Row::metric, Function.identity()));
    Row health = rows.get("GET /healthz throughput");
    Row token = rows.get("POST /api/connections/{id}/token throughput");
    assertThat(health.value()).isPositive();
    assertThat(token.value()).isPositive();
    assertThat(health.note()).doesNotContain("failed");
    assertThat(token.note()).doesNotContain("failed");
    assertThat(token.anchor()).startsWith("healthz ");
    assertThat(rows.get("token / healthz throughput").target()).isNotNull();
    assertThat(rows.get("token latency p99").value())
        .isGreaterThanOrEqualTo(rows.get("token latency p50").value());
    assertThat(rows.get("refreshes at the provider during the token load").value()).isZero();
  }
}
