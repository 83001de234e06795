package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import io.signlink.server.ops.OpenApiDocument;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpsRoutesTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, true);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void healthAndReadiness() {
    HttpResponse<String> health = sl.get(TestSignLink.browser(), "/healthz");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("up");
    HttpResponse<String> ready = sl.get(TestSignLink.browser(), "/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("ready");
  }

  @Test
  void openApiDescribesExactlyTheRegisteredRoutes() throws Exception {
    JsonNode doc =
        new ObjectMapper().readTree(sl.get(TestSignLink.browser(), "/openapi.json").body());
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    Set<String> documented = new HashSet<>();
    Iterator<String> paths = doc.get("paths").fieldNames();
    while (paths.hasNext()) {
      String path = paths.next();
      doc.get("paths")
          .get(path)
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path));
    }
    Set<String> registered = new HashSet<>();
    sl.server
        .javalin()
        .unsafe
        .internalRouter
        .allHttpHandlers()
        .forEach(
            h -> {
              HandlerType m = h.endpoint.method;
              if (m.isHttpMethod() && m != HandlerType.HEAD && m != HandlerType.OPTIONS) {
                registered.add(m.name() + " " + OpenApiDocument.openApiPath(h.endpoint.path));
              }
            });
    assertThat(documented).isEqualTo(registered);
    assertThat(registered)
        .contains(
            "POST /api/connections/{id}/token",
            "GET /connect",
            "POST /connect/{provider}",
            "POST /api/connect-sessions",
            "POST /api/connections/{id}/connect-session",
            "GET /callback/{provider}",
            "PUT /api/connections/{id}/proxy/{path}",
            "POST /refresh-token",
            "GET /metrics",
            "GET /console");
  }

  @Test
  void metricsExposeFlowAndRefreshCounters() {
    String id =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "metrics-owner"));
    sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
    sl.get(TestSignLink.browser(), "/callback/boldsign?state=nope&code=x");
    String metrics = sl.get(TestSignLink.browser(), "/metrics").body();
    assertThat(metrics)
        .contains("signlink_flows_started_total{provider=\"boldsign\"}")
        .contains("signlink_flows_completed_total{outcome=\"success\",provider=\"boldsign\"}")
        .contains("signlink_flows_completed_total{outcome=\"invalid_state\",provider=\"boldsign\"}")
        .contains("signlink_refreshes_total{provider=\"boldsign\"}")
        .contains("signlink_http_server_requests_seconds_count");
  }

  @Test
  void everyResponseForbidsFramingAndReferrers() { // SECURITY.md §callback-page, §web-headers
    for (String path :
        new String[] {"/healthz", "/console", "/connect?session=cs_nosuch", "/api/connections"}) {
      HttpResponse<String> r = sl.get(TestSignLink.browser(), path);
      assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
          .as(path)
          .contains("frame-ancestors 'none'")
          .contains("default-src 'none'")
          .contains("connect-src 'self'"); // the console's poll only (SECURITY.md §console-state)
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
  }
}
