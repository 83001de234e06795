package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import io.signlink.store.outbox.NewWebhookEvent;
import io.signlink.store.outbox.WebhookOutbox;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console shows given-up webhook deliveries with what the receiver answered, and sends one
 * again from a CSRF-checked form (SECURITY.md §durable-webhooks).
 */
class ConsoleWebhooksTest {
  @Test
  void aGivenUpDeliveryIsShownAndSentAgainFromTheConsole() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          ex.getRequestBody().readAllBytes();
          delivered.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    try (TestSignLink sl =
        TestSignLink.start(
            true,
            false,
            b ->
                b.webhooks(
                    new WebhookSettings(List.of(hook), Secret.of("console-webhook-secret-01"))))) {
      WebhookOutbox outbox = sl.server.runtime().store().webhookOutbox();
      outbox.enqueue(
          new NewWebhookEvent(
              "ev-console",
              "default",
              "connection.reauth_required",
              "conn-console",
              "{\"id\":\"ev-console\"}",
              List.of(hook)),
          Duration.ofHours(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> outbox.counts("default").get(DeliveryStatus.DELIVERED) == 1L);
      // pretend the receiver had refused it: mark a second event given up
      outbox.enqueue(
          new NewWebhookEvent(
              "ev-refused",
              "default",
              "connection.revoked",
              "conn-console",
              "{\"id\":\"ev-refused\"}",
              List.of(hook)),
          Duration.ofHours(1));
      sl.server.runtime().webhookDelivery().close(); // nothing sends it while we look
      Delivery claimed =
          outbox.claim("console-test", 1, Duration.ofMinutes(1)).stream()
              .filter(d -> d.eventId().equals("ev-refused"))
              .findFirst()
              .orElseThrow();
      outbox.fail(claimed, "HTTP 410; refused, not retried");

      HttpClient browser = TestSignLink.browser();
      post(sl, browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
      assertThat(sl.get(browser, "/console").body()).contains("href=\"/console/webhooks\"");
      HttpResponse<String> page = sl.get(browser, "/console/webhooks");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("1 delivered")
          .contains("1 given up")
          .contains("connection.revoked")
          .contains("HTTP 410; refused, not retried")
          .contains("Send again")
          .doesNotContain("console-webhook-secret");

      String action = "/console/webhooks/default/" + claimed.id() + "/retry";
      assertThat(post(sl, browser, action, "csrf=wrong").statusCode()).isEqualTo(403);
      HttpResponse<String> sent = post(sl, browser, action, "csrf=" + csrf(page.body()));
      assertThat(sent.statusCode()).isEqualTo(303);
      assertThat(outbox.find("default", claimed.id()).orElseThrow().status())
          .isEqualTo(DeliveryStatus.PENDING);
      assertThat(sl.get(browser, "/console/webhooks").body())
          .contains("Sending the delivery again")
          .contains("0 given up");
    } finally {
      receiver.stop(0);
    }
  }

  static HttpResponse<String> post(TestSignLink sl, HttpClient client, String path, String form) {
    return TestSignLink.send(
        client,
        HttpRequest.newBuilder(sl.uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }
}
