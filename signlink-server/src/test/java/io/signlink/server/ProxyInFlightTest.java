package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.ProxySettings;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
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
 * proxied calls waiting on providers, or three quarters of them on one provider host, the next is
 * answered 503 at once without calling the provider; the server's other routes and calls to other
 * providers keep answering, and every way a call ends gives its place back (SECURITY.md
 * §proxy-in-flight). The emulator answers DocuSign's API on 127.0.0.1 and, here, BoldSign's on
 * localhost: two provider hosts.
 */
class ProxyInFlightTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int CAP = 4;
  static final int HOST_SHARE = 3; // three quarters of CAP
  static final String DOCUSIGN_CALLS = "docusign.api.accounts.get";
  static final String BOLDSIGN_CALLS = "boldsign.api.document.list";

  static TestSignLink sl;
  static String key;
  static String docuSign;
  static String accountPath;
  static String listPath;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    sl =
        TestSignLink.start(
            true,
            false,
            b ->
                boldSignOnLocalhost(b)
                    .proxy(new ProxySettings(ProxySettings.DEFAULT_MAX_BODY_BYTES, CAP)));
    key = sl.server.runtime().store().apiKeys().create("in-flight").plaintext().reveal();
    docuSign = TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "slow"));
    String boldSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "slow"));
    String accountId =
        JSON.readTree(sl.api("GET", "/api/connections/" + docuSign, key, null).body())
            .get("account_id")
            .asText();
    accountPath = "/api/connections/" + docuSign + "/proxy/restapi/v2.1/accounts/" + accountId;
    listPath = "/api/connections/" + boldSign + "/proxy/v1/document/list?Page=1&PageSize=10";
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** BoldSign's API at the same emulator under another host name, so the proxy sees two hosts. */
  static SignLinkConfig.Builder boldSignOnLocalhost(SignLinkConfig.Builder b) {
    ProviderSettings.BoldSign bold =
        b.build().providers().stream()
            .filter(ProviderSettings.BoldSign.class::isInstance)
            .map(ProviderSettings.BoldSign.class::cast)
            .findFirst()
            .orElseThrow();
    URI api = URI.create(bold.apiUrl().toString().replace("//127.0.0.1:", "//localhost:"));
    return b.provider(
        new ProviderSettings.BoldSign(
            bold.clientId(),
            bold.clientSecret(),
            bold.region(),
            bold.accountUrl(),
            api,
            bold.scopes()));
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
    List<CompletableFuture<HttpResponse<String>>> waiting =
        fill(Duration.ofSeconds(4), HOST_SHARE, 1);
    long docuSignBefore = sl.emulator.stats().count(DOCUSIGN_CALLS);
    long boldSignBefore = sl.emulator.stats().count(BOLDSIGN_CALLS);

    long refusedAt = System.nanoTime();
    HttpResponse<String> refused;
    String log;
    try (LogCapture capture = LogCapture.start()) {
      refused = send(listPath);
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
        .contains(CAP + " calls waiting on providers")
        .contains("SIGNLINK_PROXY_MAX_IN_FLIGHT");
    assertThat(refusedMillis).as("refused without waiting for the provider").isLessThan(2_000);
    assertThat(sl.emulator.stats().count(BOLDSIGN_CALLS))
        .as("the provider was not called")
        .isEqualTo(boldSignBefore);

    // A route that is not the proxy answers while the proxy is full.
    HttpResponse<String> other = sl.api("GET", "/api/connections/" + docuSign, key, null);
    assertThat(other.statusCode()).isEqualTo(200);

    for (CompletableFuture<HttpResponse<String>> call : waiting) {
      HttpResponse<String> answered = call.get();
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    }
    assertThat(sl.emulator.stats().count(DOCUSIGN_CALLS)).isEqualTo(docuSignBefore);
    sl.emulator.faults().delayApiRequests(Duration.ZERO);
    assertThat(send(listPath).statusCode()).as("places given back").isEqualTo(200);
  }

  @Test
  void oneStalledHostLeavesPlacesForTheOthers() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> waiting =
        new ArrayList<>(fill(Duration.ofSeconds(3), HOST_SHARE, 0));

    HttpResponse<String> refused = send(accountPath);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(JSON.readTree(refused.body()).get("message").asText())
        .contains(HOST_SHARE + " calls waiting on 127.0.0.1")
        .contains("the rest stay for other providers");
    // BoldSign, on another host, still gets the place DocuSign may not take.
    waiting.add(sendAsync(listPath));
    for (CompletableFuture<HttpResponse<String>> call : waiting) {
      HttpResponse<String> answered = call.get();
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    }
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
    List<CompletableFuture<HttpResponse<String>>> waiting =
        fill(Duration.ofSeconds(2), HOST_SHARE, 1);
    for (int i = 0; i <= CAP; i++) {
      assertThat(send(i % 2 == 0 ? accountPath : listPath).statusCode()).isEqualTo(503);
    }
    for (CompletableFuture<HttpResponse<String>> call : waiting) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
    sl.emulator.faults().delayApiRequests(Duration.ZERO);
    for (int i = 0; i <= CAP; i++) {
      assertThat(send(accountPath).statusCode()).isEqualTo(200);
      assertThat(send(listPath).statusCode()).isEqualTo(200);
    }
  }

  /**
   * Stalls the provider's API for {@code stall} and sends {@code docuSignCalls} DocuSign and {@code
   * boldSignCalls} BoldSign calls, returning once all have reached the provider and hold their
   * places in the proxy.
   */
  static List<CompletableFuture<HttpResponse<String>>> fill(
      Duration stall, int docuSignCalls, int boldSignCalls) {
    sl.emulator.faults().delayApiRequests(stall);
    long expected =
        sl.emulator.stats().count(DOCUSIGN_CALLS)
            + sl.emulator.stats().count(BOLDSIGN_CALLS)
            + docuSignCalls
            + boldSignCalls;
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    for (int i = 0; i < docuSignCalls; i++) {
      waiting.add(sendAsync(accountPath));
    }
    for (int i = 0; i < boldSignCalls; i++) {
      waiting.add(sendAsync(listPath));
    }
    await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                sl.emulator.stats().count(DOCUSIGN_CALLS)
                        + sl.emulator.stats().count(BOLDSIGN_CALLS)
                    == expected);
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
