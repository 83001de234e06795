package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.runtime.config.ProxySettings;
import io.signlink.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stalled provider cannot take every request thread: past {@code SIGNLINK_PROXY_MAX_IN_FLIGHT}
 * proxied calls waiting on providers, the next is answered 503 at once without calling the
 * provider, the server's other routes keep answering, and every way a call ends gives its place
 * back (SECURITY.md §proxy-in-flight).
 */
class ProxyInFlightTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int CAP = 2;
  static final String CALLS = "docusign.api.accounts.get";

  static TestSignLink sl;
  static String key;
  static String connection;
  static String accountPath;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    sl =
        TestSignLink.start(
            true,
            false,
            b -> b.proxy(new ProxySettings(ProxySettings.DEFAULT_MAX_BODY_BYTES, CAP)));
    key = sl.server.runtime().store().apiKeys().create("in-flight").plaintext().reveal();
    connection =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "slow-owner"));
    String accountId =
        JSON.readTree(sl.api("GET", "/api/connections/" + connection, key, null).body())
            .get("account_id")
            .asText();
    accountPath = "/api/connections/" + connection + "/proxy/restapi/v2.1/accounts/" + accountId;
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void clearFaults() {
    sl.emulator.faults().clear();
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void pastTheCapACallIsRefusedAtOnceAndOtherRoutesKeepAnswering() throws Exception {
    long before = sl.emulator.stats().count(CALLS);
    List<CompletableFuture<HttpResponse<String>>> waiting = fillTheProxy(Duration.ofSeconds(4));

    long refusedAt = System.nanoTime();
    HttpResponse<String> refused;
    String log;
    try (LogCapture capture = LogCapture.start()) {
      refused = send(accountPath);
      log = capture.text();
    }
    long refusedMillis = (System.nanoTime() - refusedAt) / 1_000_000;
    // An expected refusal, logged as one (sampled), never as an unexpected failure.
    assertThat(log).contains("WARN").contains("proxy_busy").doesNotContain("unexpected failure");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    JsonNode error = JSON.readTree(refused.body());
    assertThat(error.get("error").asText()).isEqualTo("proxy_busy");
    assertThat(error.get("message").asText())
        .contains("2 calls waiting on providers")
        .contains("SIGNLINK_PROXY_MAX_IN_FLIGHT");
    assertThat(refusedMillis).as("refused without waiting for the provider").isLessThan(2_000);
    assertThat(sl.emulator.stats().count(CALLS))
        .as("the provider was not called")
        .isEqualTo(before + CAP);

    // A route that is not the proxy answers while the proxy is full.
    HttpResponse<String> other = sl.api("GET", "/api/connections/" + connection, key, null);
    assertThat(other.statusCode()).isEqualTo(200);

    for (CompletableFuture<HttpResponse<String>> call : waiting) {
      HttpResponse<String> answered = call.get();
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    }
    sl.emulator.faults().delayApiRequests(Duration.ZERO);
    assertThat(send(accountPath).statusCode()).as("places given back").isEqualTo(200);
  }

  @Test
  void everyWayACallEndsGivesItsPlaceBack() throws Exception {
    // The provider's error answers are relayed: each gives its place back.
    sl.emulator.faults().failNextApiRequests(CAP + 1, 500);
    for (int i = 0; i <= CAP; i++) {
      assertThat(send(accountPath).statusCode()).isEqualTo(500);
    }
    // A body declared over the cap fails inside the proxy (413) and gives its place back too.
    for (int i = 0; i <= CAP; i++) {
      assertThat(declareOversizedBody()).startsWith("HTTP/1.1 413");
    }
    // Refused calls hold no place either.
    List<CompletableFuture<HttpResponse<String>>> waiting = fillTheProxy(Duration.ofSeconds(2));
    for (int i = 0; i <= CAP; i++) {
      assertThat(send(accountPath).statusCode()).isEqualTo(503);
    }
    for (CompletableFuture<HttpResponse<String>> call : waiting) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    sl.emulator.faults().delayApiRequests(Duration.ZERO);
    for (int i = 0; i <= CAP; i++) {
      assertThat(send(accountPath).statusCode()).isEqualTo(200);
    }
  }

  /**
   * Stalls the provider's API for {@code stall} and sends {@link #CAP} calls, returning once all
   * have reached the provider, so they hold every place of the proxy.
   */
  static List<CompletableFuture<HttpResponse<String>>> fillTheProxy(Duration stall) {
    sl.emulator.faults().delayApiRequests(stall);
    long before = sl.emulator.stats().count(CALLS);
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    for (int i = 0; i < CAP; i++) {
      waiting.add(sendAsync(accountPath));
    }
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> sl.emulator.stats().count(CALLS) == before + CAP);
    return waiting;
  }

  /** A proxied POST that declares a body over the proxy's cap and sends none; its status line. */
  static String declareOversizedBody() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", sl.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + accountPath
                  + "/envelopes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + key
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + (ProxySettings.DEFAULT_MAX_BODY_BYTES + 1)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  static HttpRequest request(String path) {
    return HttpRequest.newBuilder(sl.uri(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + key)
        .GET()
        .build();
  }

  static HttpResponse<String> send(String path) throws Exception {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(String path) {
    return http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
  }
}
