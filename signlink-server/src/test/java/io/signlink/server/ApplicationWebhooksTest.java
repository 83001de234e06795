package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import io.signlink.runtime.webhook.WebhookSigner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Webhooks by application (SECURITY.md §applications): each application's events reach only its own
 * receiver, signed with its own secret and carrying its tags; the global webhook of existing
 * installations keeps receiving the default application's events, and only those.
 */
class ApplicationWebhooksTest {
  /** A receiver that keeps what it got and whether the signature checked with its secret. */
  static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<Boolean> signed = new CopyOnWriteArrayList<>();

    Receiver(String secret) throws Exception {
      WebhookSigner signer = new WebhookSigner(Secret.of(secret));
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/hook",
          ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            long ts =
                Long.parseLong(ex.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER));
            signed.add(
                signer.verify(
                    ts, body, ex.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER)));
            events.add(Apps.JSON.readTree(new String(body, StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
          });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<String> connectionIds() {
      return events.stream().map(e -> e.get("connection_id").asText()).distinct().toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void eventsReachOnlyTheirApplicationsReceiverWithItsTagsAndSecret() throws Exception {
    String globalSecret = "global-secret-0123456789";
    String acmeSecret = "acme-secret-0123456789";
    String rivalSecret = "rival-secret-0123456789";
    try (Receiver global = new Receiver(globalSecret);
        Receiver acme = new Receiver(acmeSecret);
        Receiver rival = new Receiver(rivalSecret);
        TestSignLink sl =
            TestSignLink.start(
                true,
                false,
                b ->
                    b.webhooks(
                        new WebhookSettings(List.of(global.url()), Secret.of(globalSecret))))) {
      Apps.create(
          sl,
          "acme",
          ",\"webhook_url\":\""
              + acme.url()
              + "\",\"webhook_secret\":\""
              + acmeSecret
              + "\",\"tags\":[\"tier=gold\",\"eu\"]");
      Apps.create(
          sl,
          "rival",
          ",\"webhook_url\":\""
              + rival.url()
              + "\",\"webhook_secret\":\""
              + rivalSecret
              + "\",\"tags\":[\"rival-only\"]");
      String acmeKey = Apps.key(sl, "acme", "connections:manage")[1];
      String rivalKey = Apps.key(sl, "rival", "connections:manage")[1];
      String acmeId = Apps.connection(sl, "acme", "same-owner").id();
      String rivalId = Apps.connection(sl, "rival", "same-owner").id();
      String defaultId =
          TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "same-owner"));

      assertThat(sl.api("DELETE", "/api/connections/" + acmeId, acmeKey, null).statusCode())
          .isEqualTo(200);
      assertThat(sl.api("DELETE", "/api/connections/" + rivalId, rivalKey, null).statusCode())
          .isEqualTo(200);
      assertThat(
              sl.api("DELETE", "/api/connections/" + defaultId, TestSignLink.ADMIN_KEY, null)
                  .statusCode())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  has(acme, "connection.deleted")
                      && has(rival, "connection.deleted")
                      && has(global, "connection.deleted"));

      assertThat(acme.connectionIds()).containsExactly(acmeId);
      assertThat(rival.connectionIds()).containsExactly(rivalId);
      assertThat(global.connectionIds()).containsExactly(defaultId);
      for (JsonNode e : acme.events) {
        assertThat(e.get("application_id").asText()).isEqualTo("acme");
        assertThat(e.get("tags").toString()).isEqualTo("[\"tier=gold\",\"eu\"]");
      }
      for (JsonNode e : rival.events) {
        assertThat(e.get("application_id").asText()).isEqualTo("rival");
        assertThat(e.get("tags").toString()).isEqualTo("[\"rival-only\"]");
      }
      for (JsonNode e : global.events) {
        assertThat(e.get("application_id").asText()).isEqualTo("default");
      }
      assertThat(acme.signed).doesNotContain(false);
      assertThat(rival.signed).doesNotContain(false);
      assertThat(global.signed).doesNotContain(false);
      HttpResponse<String> shown =
          sl.api("GET", "/api/applications/acme", TestSignLink.ADMIN_KEY, null);
      assertThat(shown.body()).doesNotContain(acmeSecret).contains("\"webhook_secret_set\":true");
    }
  }

  @Test
  void anApplicationsWebhookFollowsItsSettingsAndItsEventFilter() throws Exception {
    try (Receiver first = new Receiver("first-secret-0123456789");
        Receiver second = new Receiver("second-secret-0123456789");
        TestSignLink sl = TestSignLink.start(true, false)) {
      Apps.create(
          sl,
          "acme",
          ",\"webhook_url\":\""
              + first.url()
              + "\",\"webhook_secret\":\"first-secret-0123456789\"");
      String acmeKey = Apps.key(sl, "acme", "connections:manage")[1];
      String one = Apps.connection(sl, "acme", "o1").id();
      sl.api("DELETE", "/api/connections/" + one, acmeKey, null);
      await().atMost(Duration.ofSeconds(20)).until(() -> has(first, "connection.deleted"));

      HttpResponse<String> patched =
          sl.api(
              "PATCH",
              "/api/applications/acme",
              TestSignLink.ADMIN_KEY,
              "{\"webhook_url\":\""
                  + second.url()
                  + "\",\"webhook_secret\":\"second-secret-0123456789\","
                  + "\"webhook_events\":[\"connection.deleted\"]}");
      assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
      String two = Apps.connection(sl, "acme", "o2").id();
      sl.api("DELETE", "/api/connections/" + two, acmeKey, null);
      await().atMost(Duration.ofSeconds(20)).until(() -> has(second, "connection.deleted"));
      assertThat(first.connectionIds()).containsExactly(one);
      assertThat(second.connectionIds()).containsExactly(two);
      assertThat(second.events)
          .allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("connection.deleted"));
      assertThat(second.signed).doesNotContain(false);
    }
  }

  static boolean has(Receiver r, String type) {
    return r.events.stream().anyMatch(e -> e.get("type").asText().equals(type));
  }
}
