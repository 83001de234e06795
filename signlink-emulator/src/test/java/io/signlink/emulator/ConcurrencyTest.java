package io.signlink.emulator;

import static io.signlink.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Thread safety under load: many grants at once, and a race on one refresh token. */
class ConcurrencyTest {

  private Emulator emu;
  private TestClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).build());
    client = new TestClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private List<JsonNode> grants(int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<JsonNode>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(() -> client.boldSignTokens("offline_access BoldSign.Documents.All")));
      }
      List<JsonNode> tokens = new ArrayList<>();
      for (Future<JsonNode> f : futures) {
        tokens.add(f.get());
      }
      return tokens;
    } finally {
      pool.shutdownNow();
    }
  }

  private static HttpRequest refresh(Emulator emu, String refreshToken) {
    return HttpRequest.newBuilder(URI.create(emu.boldSignAccountBase() + "/connect/token"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                TestClient.encode(
                    TestClient.form(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        refreshToken,
                        "client_id",
                        DemoClients.BOLDSIGN_CLIENT_ID,
                        "client_secret",
                        DemoClients.BOLDSIGN_CLIENT_SECRET))))
        .build();
  }

  @Test
  void fiveHundredConcurrentRefreshesOfDifferentGrantsAndFiveHundredApiCallsAllSucceed()
      throws Exception {
    long t0 = System.nanoTime();
    List<JsonNode> tokens = grants(500);
    long t1 = System.nanoTime();
    emu.stats().reset();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> refreshes = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (JsonNode t : tokens) {
      refreshes.add(
          http.sendAsync(
              refresh(emu, t.get("refresh_token").asText()), HttpResponse.BodyHandlers.ofString()));
      calls.add(
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(emu.boldSignApiBase() + "/v1/document/list?Page=1"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", "Bearer " + t.get("access_token").asText())
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(refreshes.toArray(CompletableFuture[]::new)).join();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    System.out.printf(
        "500 grants in %d ms; 500 refreshes + 500 API calls, all at once, in %d ms%n",
        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    assertThat(refreshes).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    assertThat(calls).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
    assertThat(refreshes.stream().map(f -> json(f.join()).get("refresh_token").asText()).distinct())
        .hasSize(500);
    assertThat(emu.stats().tokenRequests(Provider.BOLDSIGN, "refresh_token")).isEqualTo(500);
    assertThat(emu.stats().count("boldsign.api.document.list")).isEqualTo(500);
  }

  @Test
  void racingRefreshesOfOneTokenLetOneWinAndThenRevokeTheFamily()
      throws Exception { // SECURITY.md §single-refresh
    JsonNode tokens = client.boldSignTokens();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racers.add(
          http.sendAsync(
              refresh(emu, tokens.get("refresh_token").asText()),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> results = racers.stream().map(CompletableFuture::join).toList();
    List<HttpResponse<String>> winners =
        results.stream().filter(r -> r.statusCode() == 200).toList();
    assertThat(winners).hasSize(1);
    assertThat(results)
        .filteredOn(r -> r.statusCode() == 400)
        .hasSize(19)
        .allSatisfy(r -> assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant"));
    String winnersToken = json(winners.get(0)).get("access_token").asText();
    assertThat(client.boldSignDocuments(winnersToken).statusCode())
        .as(
            "reuse by the losers revoked the winner's tokens: why clients need single-flight refresh")
        .isEqualTo(401);
  }
}
