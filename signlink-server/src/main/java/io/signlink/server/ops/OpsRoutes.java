package io.signlink.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /openapi.json}. None needs a key:
 * they reveal no connection data (bind the service to a private interface or filter {@code
 * /metrics} at the proxy if even counts are sensitive). Thread-safe.
 */
public final class OpsRoutes {
  /** Answers when the store is reachable; throws when it is not. */
  @FunctionalInterface
  public interface ReadinessCheck {
    void check();
  }

  private final ObjectMapper json;
  private final PrometheusMeterRegistry metrics;
  private final ReadinessCheck readiness;
  private final String version;

  public OpsRoutes(
      ObjectMapper json,
      PrometheusMeterRegistry metrics,
      ReadinessCheck readiness,
      String version) {
    this.json = Objects.requireNonNull(json, "json");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.version = version;
  }

  public void register(RouteTable routes) {
    routes.get("/healthz", RouteDoc.json("ops", "The process is up", 200), this::health);
    routes.get("/readyz", RouteDoc.json("ops", "The database answers", 200, 503), this::ready);
    routes.get(
        "/metrics",
        RouteDoc.json("ops", "Prometheus metrics", 200).produces("text/plain"),
        this::metrics);
    routes.get(
        "/openapi.json",
        RouteDoc.json("ops", "This OpenAPI document", 200),
        ctx -> openApi(ctx, routes));
  }

  private void health(Context ctx) throws Exception {
    ctx.contentType("application/json").result(json.writeValueAsString(Map.of("status", "up")));
  }

  private void ready(Context ctx) throws Exception {
    try {
      readiness.check();
      ctx.contentType("application/json")
          .result(json.writeValueAsString(Map.of("status", "ready")));
    } catch (RuntimeException e) {
      ctx.status(503)
          .header("Retry-After", "5")
          .contentType("application/json")
          .result(
              json.writeValueAsString(
                  Map.of(
                      "error",
                      "service_unavailable",
                      "message",
                      "The database does not answer; check SIGNLINK_DB_URL and the database.")));
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void openApi(Context ctx, RouteTable routes) throws Exception {
    ctx.contentType("application/json")
        .result(json.writeValueAsString(OpenApiDocument.build(json, routes.routes(), version)));
  }
}
