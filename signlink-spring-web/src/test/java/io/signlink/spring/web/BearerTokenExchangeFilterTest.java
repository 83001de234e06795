package io.signlink.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.testing.ProtectedApi;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code WebClient} filter follows the refresh-once, retry-once rule (SECURITY.md
 * §retry-on-401) against a real server.
 */
class BearerTokenExchangeFilterTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  ProtectedApi api = new ProtectedApi();
  WebClient client =
      WebClient.builder()
          .clientConnector(
              new JdkClientHttpConnector(
                  HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()))
          .filter(new BearerTokenExchangeFilter(api.tokens()))
          .build();

  Mono<Integer> status(String path) {
    return client
        .get()
        .uri(api.url(path))
        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
  }

  @Test
  void sendsTheConnectionsCurrentTokenInsteadOfAnyOther() {
    client
        .get()
        .uri(api.url("/api/forbidden"))
        .header("Authorization", "Bearer somebody-elses")
        .exchangeToMono(r -> r.releaseBody())
        .block(WAIT);
    assertThat(api.authorizations("/api/forbidden")).containsExactly("Bearer at-0");
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheRequestRetriedOnce() {
    String body =
        client.get().uri(api.url("/api/me")).retrieve().bodyToMono(String.class).block(WAIT);
    assertThat(body).contains("ok");
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void aSecond401IsReturnedToTheCallerWithoutAnotherRefreshOrRetry() {
    assertThat(status("/api/revoked").block(WAIT)).isEqualTo(401);
    assertThat(api.refreshes()).isEqualTo(1);
    assertThat(api.authorizations("/api/revoked")).containsExactly("Bearer at-0", "Bearer at-1");
  }

  @Test
  void concurrentRefusalsShareOneRefresh() {
    List<Integer> statuses =
        Flux.range(0, 8).flatMap(i -> status("/api/me")).collectList().block(WAIT);
    assertThat(statuses).hasSize(8).containsOnly(200);
    assertThat(api.refreshes()).isEqualTo(1);
  }

  @Test
  void a403NeverRefreshes() {
    assertThat(status("/api/forbidden").block(WAIT)).isEqualTo(403);
    assertThat(api.refreshes()).isZero();
    assertThat(api.requests("/api/forbidden")).hasSize(1);
  }

  @Test
  void aValueBodyIsWrittenAgainOnTheRetry() {
    Integer status =
        client
            .post()
            .uri(api.url("/api/me"))
            .bodyValue("{\"name\":\"contract\"}")
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
            .block(WAIT);
    assertThat(status).isEqualTo(200);
    assertThat(api.requests("/api/me"))
        .extracting(r -> r.getBodyAsString())
        .containsExactly("{\"name\":\"contract\"}", "{\"name\":\"contract\"}");
  }

  @Test
  void aStreamedBodyIsNotSentTwiceButItsResendGetsTheNewToken() {
    Mono<Integer> upload =
        client
            .post()
            .uri(api.url("/api/me"))
            .attribute(BearerTokenExchangeFilter.STREAMED_BODY, true)
            .bodyValue("chunk")
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()));
    assertThat(upload.block(WAIT)).isEqualTo(401);
    assertThat(api.requests("/api/me")).hasSize(1);
    assertThat(api.refreshes()).isEqualTo(1);

    assertThat(upload.block(WAIT)).isEqualTo(200);
    assertThat(api.authorizations("/api/me")).containsExactly("Bearer at-0", "Bearer at-1");
  }
}
