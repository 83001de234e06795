package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an application sees of its webhook deliveries, and sending a given-up one again (SECURITY.md
 * §durable-webhooks, §applications): listed for its own admin keys only, with what the receiver
 * answered; an event list with an unknown event is refused with the choices.
 */
class WebhookDeliveriesApiTest {
  @Test
  void aGivenUpDeliveryIsListedForItsApplicationAloneAndSentAgainOnRequest() throws Exception {
    AtomicInteger status = new AtomicInteger(410);
    AtomicInteger delivered = new AtomicInteger();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          int s = status.get();
          if (s == 204) {
            delivered.incrementAndGet();
          }
          ex.sendResponseHeaders(s, -1);
          ex.close();
        });
    receiver.start();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (TestSignLink sl = TestSignLink.start(true, false)) {
      Apps.create(
          sl,
          "acme",
          ",\"webhook_url\":\""
              + url
              + "\",\"webhook_secret\":\"acme-secret-0123456789\","
              + "\"webhook_events\":[\"connection.deleted\"]");
      Apps.create(sl, "rival", "");
      String acmeAdmin = Apps.key(sl, "acme", "admin", "connections:manage")[1];
      String rivalAdmin = Apps.key(sl, "rival", "admin")[1];
      String path = "/api/applications/acme/webhook-deliveries";
      String id = Apps.connection(sl, "acme", "alice").id();
      assertThat(sl.api("DELETE", "/api/connections/" + id, acmeAdmin, null).statusCode())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Apps.json(sl.api("GET", path, acmeAdmin, null)).at("/counts/failed").asInt()
                      == 1);

      JsonNode failed = Apps.json(sl.api("GET", path + "?status=failed", acmeAdmin, null));
      JsonNode d = failed.at("/deliveries/0");
      assertThat(d.get("event_type").asText()).isEqualTo("connection.deleted");
      assertThat(d.get("connection_id").asText()).isEqualTo(id);
      assertThat(d.get("endpoint").asText()).isEqualTo(url);
      assertThat(d.get("attempts").asInt()).isEqualTo(1);
      assertThat(d.get("last_result").asText()).isEqualTo("HTTP 410; refused, not retried");
      assertThat(failed.toString()).doesNotContain("acme-secret");
      assertThat(sl.api("GET", path, rivalAdmin, null).statusCode()).isEqualTo(404);
      assertThat(sl.api("GET", path + "?status=lost", acmeAdmin, null).body())
          .contains("pending, delivered or failed");
      String retry = path + "/" + d.get("id").asText() + "/retry";
      assertThat(sl.api("POST", retry, rivalAdmin, null).statusCode()).isEqualTo(404);

      status.set(204); // the receiver is fixed
      HttpResponse<String> again = sl.api("POST", retry, acmeAdmin, null);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(Apps.json(again).get("status").asText()).isEqualTo("pending");
      await().atMost(Duration.ofSeconds(20)).until(() -> delivered.get() == 1);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  Apps.json(sl.api("GET", path, acmeAdmin, null)).at("/counts/delivered").asInt()
                      == 1);
      HttpResponse<String> twice = sl.api("POST", retry, acmeAdmin, null);
      assertThat(twice.statusCode()).isEqualTo(409);
      assertThat(twice.body()).contains("is delivered, not failed");

      HttpResponse<String> unknown =
          sl.api(
              "PATCH",
              "/api/applications/acme",
              acmeAdmin,
              "{\"webhook_events\":[\"connection.refreshed\",\"connection.exploded\"]}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body())
          .contains("connection.exploded")
          .contains("connection.recovered")
          .contains("all but connection.refreshed");
    } finally {
      receiver.stop(0);
    }
  }
}
