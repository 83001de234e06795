package io.signlink.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A short smoke run of the proxy section: every row present, answered without errors. */
class ProxyLoadBenchTest {

  @Test
  void measuresTheProxyBesideTheStraightCallAndTransfersWithoutErrors() throws Exception {
    SectionOutcome.Completed outcome =
        new ProxyLoadBench(
                new ServerLoadBench.Settings(
                    2, Duration.ZERO, Duration.ofMillis(600), ServerLoadBench.Driver.RAW),
                4L * 1024 * 1024,
                false)
            .run();

    Map<String, Row> rows =
        outcome.rows().stream().collect(Collectors.toMap(Row::metric, Function.identity()));
    assertThat(rows.get("GET accounts/{id} through the proxy").value()).isPositive();
    assertThat(rows.get("GET accounts/{id} through the proxy").note()).contains(", 0 failed");
    assertThat(rows.get("proxy / straight throughput (small call)").target()).isNotNull();
    assertThat(rows.get("proxy / straight download throughput").value()).isPositive();
    assertThat(rows.get("proxy / straight upload throughput").value()).isPositive();
    assertThat(rows.get("heap retained during proxied transfers").target()).isNotNull();
  }
}
