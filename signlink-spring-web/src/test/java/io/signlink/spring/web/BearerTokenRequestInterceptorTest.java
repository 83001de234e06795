package io.signlink.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.testing.ProtectedApi;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * The {@code RestClient}/{@code RestTemplate} interceptor follows the refresh-once, retry-once rule
 * (SECURITY.md §retry-on-401) against a real server.
 */
class BearerTokenRequestInterceptorTest {
  ProtectedApi api = new ProtectedApi();
  JdkClientHttpRequestFactory factory =
      new JdkClientHttpRequestFactory(
          HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
  RestClient client =
      RestClient.builder()
          .requestFactory(factory)
          .requestInterceptor(new BearerTokenRequestInterceptor(api.tokens()))
          .build();
  ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  int get(String path) {
    return client
        .get()
        .uri(api.url(path))
        .header("Authorization", "Bearer somebody-elses")
        .exchange((request, response) -> response.getStatusCode().value());
  }

  @Test
  void sendsTheConnectionsCurrentTokenInsteadOfAnyOther() {
    get("/api/forbidden");
    assertThat(api.authorizations("/api/forbidden")).containsExactly("Bearer at-0");
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheRequestRetriedOnce() {
    String body = client.get().uri(api.url("/api/me")).retrieve().body(String.class);
    assertThat(body).contains("ok");
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void aSecond401IsReturnedToTheCallerWithoutAnotherRefreshOrRetry() {
    assertThat(get("/api/revoked")).isEqualTo(401);
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/revoked")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void concurrentRefusalsShareOneRefresh() throws Exception {
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> get("/api/me"));
    }
    for (Future<Integer> f : pool.invokeAll(calls)) {
      assertThat(f.get()).isEqualTo(200);
    }
    assertThat(api.refreshes()).isEqualTo(1);
  }

  @Test
  void a403NeverRefreshes() {
    assertThat(get("/api/forbidden")).isEqualTo(403);
    assertThat(api.refreshes()).isZero();
    assertThat(api.requests("/api/forbidden")).hasSize(1);
  }

  @Test
  void theBufferedBodyIsSentAgainUnchangedOnTheRetry() {
    int status =
        client
            .post()
            .uri(api.url("/api/me"))
            .body("{\"name\":\"contract\"}")
            .exchange((request, response) -> response.getStatusCode().value());
    assertThat(status).isEqualTo(200);
    assertThat(api.requests("/api/me"))
        .extracting(r -> r.getBodyAsString())
        .containsExactly("{\"name\":\"contract\"}", "{\"name\":\"contract\"}");
  }

  @Test
  void worksAsARestTemplateInterceptorToo() {
    RestTemplate template = new RestTemplate(factory);
    template.getInterceptors().add(new BearerTokenRequestInterceptor(api.tokens()));
    HttpStatusCode status = template.getForEntity(api.url("/api/me"), String.class).getStatusCode();
    assertThat(status.value()).isEqualTo(200);
    assertThat(api.refreshes()).isEqualTo(1);
  }
}
