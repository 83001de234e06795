package io.signlink.provider.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.Fixtures;
import io.signlink.connection.InMemoryConnectionStore;
import io.signlink.connection.ScriptedRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection token source goes through the token manager and the lifecycle's 401 rule. */
class ConnectionBearerTokensTest {
  private static final WireMockServer provider = new WireMockServer(options().dynamicPort());
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  private final ScriptedRefresher refresher = new ScriptedRefresher(clock);
  private final JdkHttpTransport transport = new JdkHttpTransport();
  private TokenManager manager;
  private ConnectionBearerTokens tokens;
  private Connection connection;
  private final ApiCaller caller =
      new ApiCaller(transport, ApiCallSettings.defaults(), "Acme", ApiErrorReader.oauth());

  @BeforeAll
  static void start() {
    provider.start();
  }

  @AfterAll
  static void stop() {
    provider.stop();
  }

  @BeforeEach
  void setUp() {
    provider.resetAll();
    manager = TokenManager.builder(store, refresher).clock(clock).build();
    connection =
        store.put(
            Fixtures.connection(
                "acme", Fixtures.tokens("at-0", "rt-0", T0, Duration.ofHours(1)), T0));
    tokens = new ConnectionBearerTokens(manager, connection.id());
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  private URI uri() {
    return URI.create(provider.baseUrl() + "/things");
  }

  @Test
  void aRefusedTokenIsRefreshedThroughTheTokenManagerAndTheCallRetriedOnce() { // SECURITY.md
    // §retry-on-401
    provider.stubFor(
        get("/things")
            .withHeader("Authorization", equalTo("Bearer at-0"))
            .willReturn(aResponse().withStatus(401)));
    provider.stubFor(
        get("/things")
            .withHeader("Authorization", equalTo("Bearer at-1"))
            .willReturn(okJson("{\"ok\": true}")));

    assertThat(caller.getJson(uri(), tokens).get("ok").asBoolean()).isTrue();

    assertThat(refresher.calls.get()).isEqualTo(1);
    assertThat(store.peek(connection.id()).tokens().refreshToken().reveal()).isEqualTo("rt-1");
    assertThat(provider.getAllServeEvents()).hasSize(2);
  }

  @Test
  void aSecondRefusalIsAnErrorAfterExactlyOneRefresh() { // SECURITY.md §retry-on-401
    provider.stubFor(get("/things").willReturn(aResponse().withStatus(401)));

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, () -> caller.getJson(uri(), tokens));

    assertThat(e.oauthError()).isEqualTo("invalid_token");
    assertThat(refresher.calls.get()).isEqualTo(1);
    assertThat(provider.getAllServeEvents()).hasSize(2);
  }

  @Test
  void a403DoesNotSpendTheRefreshToken() { // SECURITY.md §retry-on-401
    provider.stubFor(get("/things").willReturn(aResponse().withStatus(403)));

    catchThrowableOfType(ProviderRejectedException.class, () -> caller.getJson(uri(), tokens));

    assertThat(refresher.calls.get()).isZero();
    assertThat(store.peek(connection.id()).tokens().refreshToken().reveal()).isEqualTo("rt-0");
  }

  @Test
  void a401WithInvalidRequestIsNotCuredByARefresh() { // RFC 6750 §3.1
    provider.stubFor(
        get("/things")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_request\"")));

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, () -> caller.getJson(uri(), tokens));

    assertThat(e.oauthError()).isEqualTo("invalid_request");
    assertThat(refresher.calls.get()).isZero();
  }
}
