package io.signlink.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import io.signlink.testing.ProtectedApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK {@code HttpClient} wrapper follows the refresh-once, retry-once rule (SECURITY.md
 * §retry-on-401) against a real server.
 */
class SignLinkHttpClientTest {
  ProtectedApi api = new ProtectedApi();
  HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  SignLinkHttpClient client = SignLinkHttpClient.wrap(jdk, api.tokens());
  ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(api.url(path))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void attachesTheConnectionsCurrentToken() throws Exception {
    client.send(
        HttpRequest.newBuilder(URI.create(api.url("/api/forbidden")))
            .header("Authorization", "Bearer somebody-elses")
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(api.authorizations("/api/forbidden")).containsExactly("Bearer at-0");
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheRequestRetriedOnce() throws Exception {
    HttpResponse<String> response = get("/api/me");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("ok");
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void aSecond401IsReturnedToTheCallerWithoutAnotherRefreshOrRetry() throws Exception {
    assertThat(get("/api/revoked").statusCode()).isEqualTo(401);
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/revoked")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void concurrentRefusalsShareOneRefresh() throws Exception {
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> get("/api/me").statusCode());
    }
    for (Future<Integer> f : pool.invokeAll(calls)) {
      assertThat(f.get()).isEqualTo(200);
    }
    assertThat(api.refreshes()).isEqualTo(1);
  }

  @Test
  void aSourceWithNothingNewerReturnsTheRefusalWithoutARetry() throws Exception {
    SignLinkHttpClient pasted = SignLinkHttpClient.wrap(jdk, BearerTokens.fixed(Secret.of("at-0")));
    HttpResponse<String> response =
        pasted.send(
            HttpRequest.newBuilder(URI.create(api.url("/api/me"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0");
  }

  @Test
  void a403NeverRefreshes() throws Exception {
    assertThat(get("/api/forbidden").statusCode()).isEqualTo(403);
    assertThat(api.refreshes()).isZero();
    assertThat(api.requests("/api/forbidden")).hasSize(1);
  }

  @Test
  void aStreamedBodyIsNotSentTwiceButItsResendGetsTheNewToken() throws Exception {
    HttpRequest upload =
        HttpRequest.newBuilder(URI.create(api.url("/api/me")))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream("chunk".getBytes(StandardCharsets.UTF_8))))
            .build();
    assertThat(client.send(upload, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    assertThat(api.requests("/api/me")).hasSize(1);
    assertThat(api.refreshes()).isEqualTo(1);

    assertThat(client.send(upload, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void aRefusedStreamedResponseIsClosedBeforeTheRetry() throws Exception {
    HttpResponse<java.io.InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create(api.url("/api/me"))).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (var body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("ok");
    }
  }
}
