package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signlink.connection.ConnectionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignLinkMetricsTest {

  @Test
  void aRefreshWhoseOutcomeWasLostAndAnAgingRefreshTokenAreCountedApart() { // SECURITY.md
    // §lost-refresh, §refresh-keepalive
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SignLinkMetrics metrics = new SignLinkMetrics()) {
      metrics.publishTo(prometheus);
      metrics.onEvent(
          new ConnectionEvent(
              ConnectionEvent.Type.REFRESH_FAILED,
              "c1",
              "docusign",
              "alice",
              Instant.now(),
              "refresh_outcome_lost"));
      metrics.onEvent(
          new ConnectionEvent(
              ConnectionEvent.Type.REFRESH_TOKEN_EXPIRING,
              "c2",
              "docusign",
              "bob",
              Instant.now(),
              "idle refresh token expires at 2026-12-30T10:00:00Z"));
      assertThat(prometheus.scrape())
          .contains(
              "signlink_refresh_failures_total{provider=\"docusign\",reason=\"refresh_outcome_lost\"}"
                  + " 1.0")
          .contains("signlink_refresh_token_expiring_total{provider=\"docusign\"} 1.0");
    }
  }
}
