package io.signlink.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.HttpResult;
import io.signlink.http.JdkHttpTransport;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh on 401, once (SECURITY.md §retry-on-401), against a real HTTP server. */
class AuthorizedCallTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final WireMockServer api = new WireMockServer(options().dynamicPort());

  MutableClock clock = new MutableClock(T0);
  InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  ScriptedRefresher refresher = new ScriptedRefresher(clock);
  TokenManager manager = TokenManager.builder(store, refresher).clock(clock).build();
  AuthorizedCall call = new AuthorizedCall(manager, new JdkHttpTransport(), 64 * 1024);
  Connection conn;

  @BeforeAll
  static void start() {
    api.start();
  }

  @AfterAll
  static void stop() {
    api.stop();
  }

  @BeforeEach
  void setUp() {
    api.resetAll();
    conn =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("at-0", "rt-0", T0, Duration.ofHours(1)), T0));
  }

  HttpResult send() {
    return call.send(
        conn.id(), () -> HttpRequest.newBuilder(URI.create(api.baseUrl() + "/accounts")).GET());
  }

  @Test
  void aRefusedTokenIsRefreshedOnceAndTheCallRetriedOnce() {
    api.stubFor(
        get("/accounts")
            .withHeader("Authorization", equalTo("Bearer at-0"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    api.stubFor(
        get("/accounts")
            .withHeader("Authorization", equalTo("Bearer at-1"))
            .willReturn(okJson("{}")));
    assertThat(send().status()).isEqualTo(200);
    assertThat(refresher.calls.get()).isEqualTo(1);
    api.verify(2, getRequestedFor(urlPathEqualTo("/accounts")));
  }

  @Test
  void aBare401AlsoRefreshes() {
    api.stubFor(
        get("/accounts")
            .withHeader("Authorization", equalTo("Bearer at-0"))
            .willReturn(aResponse().withStatus(401)));
    api.stubFor(
        get("/accounts")
            .withHeader("Authorization", equalTo("Bearer at-1"))
            .willReturn(okJson("{}")));
    assertThat(send().status()).isEqualTo(200);
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void aSecond401IsAnErrorNotALoop() {
    api.stubFor(
        get("/accounts")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    assertThatThrownBy(this::send)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> assertThat(e.oauthError()).isEqualTo("invalid_token"));
    assertThat(refresher.calls.get()).isEqualTo(1);
    api.verify(2, getRequestedFor(urlPathEqualTo("/accounts")));
  }

  @Test
  void a403NeverTriggersARefresh() {
    api.stubFor(
        get("/accounts")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")));
    assertThat(send().status()).isEqualTo(403);
    assertThat(refresher.calls.get()).isZero();
    api.verify(1, getRequestedFor(urlPathEqualTo("/accounts")));
  }

  @Test
  void a401ForAMalformedRequestIsNotFixedByANewToken() {
    api.stubFor(
        get("/accounts")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_request\"")));
    assertThat(send().status()).isEqualTo(401);
    assertThat(refresher.calls.get()).isZero();
  }
}
