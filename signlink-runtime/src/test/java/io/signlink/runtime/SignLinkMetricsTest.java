package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signlink.connection.ConnectionEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
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

  @Test
  void webhookCountsStayLiveAfterAGarbageCollection() {
    // the counters read the sender through a weak reference: it must be the sender itself, which
    // the runtime keeps, not a lambda only the meter would hold
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong delivered = new AtomicLong();
    try (SignLinkMetrics metrics = new SignLinkMetrics()) {
      metrics.publishTo(prometheus);
      metrics.countWebhookDeliveries(delivered, AtomicLong::get, d -> 0, d -> 0);
      for (int i = 0; i < 5; i++) {
        System.gc();
      }
      delivered.set(7);
      assertThat(prometheus.scrape())
          .contains("signlink_webhook_deliveries_total{outcome=\"delivered\"} 7.0");
    }
  }
}
