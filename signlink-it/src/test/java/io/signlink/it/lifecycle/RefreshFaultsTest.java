package io.signlink.it.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.connection.AccessToken;
import io.signlink.connection.AuthorizedCall;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.Sleeper;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.connection.TokenRefresher;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.JdkHttpTransport;
import io.signlink.store.SignLinkStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh failure rules against the emulator's fault injection and PostgreSQL: one refresh on a
 * 401 (SECURITY.md §retry-on-401), transient faults never kill a connection (SECURITY.md
 * §provider-faults), a client problem pauses the provider instead (SECURITY.md §cooldown), a dead
 * grant and a lost answer after rotation are told apart (SECURITY.md §dead-grant, §lost-refresh).
 */
class RefreshFaultsTest {
  static PgSchema pg;
  static Emulator emulator;
  static SignLinkStore store;
  static final OffsetClock clock = new OffsetClock();

  EmulatorDocuSign docusign;
  List<Duration> waits = new CopyOnWriteArrayList<>();
  List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    store = pg.open(clock, 4);
    emulator =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .redirectUri(EmulatorDocuSign.REDIRECT)
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    emulator.close();
    store.close();
    pg.close();
  }

  @BeforeEach
  void setUp() {
    emulator.faults().clear();
    docusign = new EmulatorDocuSign(emulator.docuSignAccountBase(), clock);
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  TokenManager manager(TokenRefresher refresher) {
    return manager(store.connections(), refresher);
  }

  TokenManager manager(ConnectionStore s, TokenRefresher refresher) {
    Sleeper recordOnly = waits::add; // the waits are asserted, not served
    return TokenManager.builder(s, refresher)
        .settings(
            TokenManagerSettings.builder()
                .reconnectUrl(
                    c -> "https://signlink.test/connect/" + c.providerId() + "?owner=" + c.owner())
                .build())
        .clock(clock)
        .sleeper(recordOnly)
        .events(events::add)
        .build();
  }

  long refreshRequests() {
    return emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  Connection connectAndExpire() {
    Connection c = docusign.connect(store.connections(), "owner-" + System.nanoTime());
    clock.advance(Duration.ofHours(9));
    return c;
  }

  Connection stored(Connection c) {
    return store.connections().find(c.id()).orElseThrow();
  }

  HttpResult callAccountApi(AuthorizedCall call, Connection c) {
    URI uri = URI.create(c.baseUri() + "/restapi/v2.1/accounts/" + c.accountId());
    return call.send(c.id(), () -> HttpRequest.newBuilder(uri).GET());
  }

  @Test
  void aRefused401TokenIsRefreshedOnceAndTheCallRetriedOnce() {
    Connection c = docusign.connect(store.connections(), "owner-401");
    TokenManager m = manager(docusign.refresher());
    AuthorizedCall call = new AuthorizedCall(m, new JdkHttpTransport(), 256 * 1024);
    assertThat(callAccountApi(call, c).status()).isEqualTo(200);
    emulator.expireAccessTokens(); // the provider stops accepting a token SignLink thinks valid
    long before = refreshRequests();
    assertThat(callAccountApi(call, c).status()).isEqualTo(200);
    assertThat(refreshRequests() - before).isEqualTo(1);
  }

  @Test
  void aSecond401IsAnErrorNotALoop() {
    Connection c = docusign.connect(store.connections(), "owner-401-twice");
    TokenManager m = manager(docusign.refresher());
    AuthorizedCall call = new AuthorizedCall(m, new JdkHttpTransport(), 256 * 1024);
    emulator.faults().failNextApiRequests(2, 401);
    long before = refreshRequests();
    long apiFaults = emulator.stats().count("docusign.api.fault.401");
    assertThatThrownBy(() -> callAccountApi(call, c))
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> assertThat(e.oauthError()).isEqualTo("invalid_token"));
    assertThat(refreshRequests() - before).isEqualTo(1);
    assertThat(emulator.stats().count("docusign.api.fault.401") - apiFaults).isEqualTo(2);
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void serverErrorsDuringRefreshAreRetriedWithBackoffAndNeverKillTheConnection() {
    Connection c = connectAndExpire();
    TokenManager m = manager(docusign.refresher());
    emulator.faults().failNextTokenRequests(3, 503);
    assertThatThrownBy(() -> m.accessToken(c.id())).isInstanceOf(TransientException.class);
    assertThat(waits).hasSize(2);
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.ACTIVE);
    emulator.faults().failNextTokenRequests(2, 500);
    AccessToken t = m.forceRefresh(c.id()); // 500, 500, then success on the third attempt
    assertThat(docusign.accepts(t.token())).isTrue();
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void a429RetryAfterIsWaitedAndTheRefreshSucceeds() {
    Connection c = connectAndExpire();
    TokenManager m = manager(docusign.refresher());
    emulator.faults().failNextTokenRequests(1, 429, Duration.ofSeconds(2));
    AccessToken t = m.accessToken(c.id());
    assertThat(waits).containsExactly(Duration.ofSeconds(2));
    assertThat(docusign.accepts(t.token())).isTrue();
  }

  @Test
  void aRetryAfterBeyondTheCapFailsFastWithoutKillingTheConnection() {
    Connection c = connectAndExpire();
    TokenManager m = manager(docusign.refresher());
    emulator.faults().failNextTokenRequests(1, 429, Duration.ofSeconds(86400));
    assertThatThrownBy(() -> m.accessToken(c.id()))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(86400)));
    assertThat(waits).isEmpty();
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void aTokenEndpointThatTimesOutNeverKillsTheConnection() {
    WireMockServer slow = new WireMockServer(options().dynamicPort());
    slow.start();
    try {
      slow.stubFor(
          post("/oauth/token").willReturn(aResponse().withFixedDelay(3_000).withStatus(200)));
      Connection c = connectAndExpire();
      EmulatorDocuSign viaSlow =
          new EmulatorDocuSign(
              URI.create(slow.baseUrl()),
              clock,
              "docusign-demo-secret",
              new JdkHttpTransport(Duration.ofSeconds(1), Duration.ofMillis(500)));
      TokenManager m = manager(viaSlow.refresher());
      assertThatThrownBy(() -> m.accessToken(c.id())).isInstanceOf(TransientException.class);
      assertThat(stored(c).status()).isEqualTo(ConnectionStatus.ACTIVE);
      // a timed-out refresh may have reached the provider: retried once, never in a loop
      // (SECURITY.md §lost-refresh)
      // WireMock journals a request once its (3 s) delayed answer is over: wait for that
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> slow.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token"))));
    } finally {
      slow.stop();
    }
  }

  @Test
  void invalidClientPausesTheProviderAndMarksNoConnectionDead() {
    Connection a = connectAndExpire();
    Connection b = docusign.connect(store.connections(), "owner-b-" + System.nanoTime());
    clock.advance(Duration.ofHours(9));
    TokenManager m = manager(docusign.withSecret("an-expired-secret").refresher());
    long before = refreshRequests();
    assertThatThrownBy(() -> m.accessToken(a.id()))
        .isInstanceOfSatisfying(
            ProviderRejectedException.class, e -> assertThat(e.isClientProblem()).isTrue());
    assertThatThrownBy(() -> m.accessToken(b.id())).isInstanceOf(TransientException.class);
    assertThat(refreshRequests() - before).isEqualTo(1); // the second was not even sent
    assertThat(stored(a).status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(stored(b).status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(m.pausedProviders()).containsKey("docusign");
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.REFRESH_FAILED);
  }

  @Test
  void aGrantRevokedAtTheProviderMarksReauthRequiredWithAReconnectLink() {
    Connection c = connectAndExpire();
    TokenManager m = manager(docusign.refresher());
    assertThat(emulator.revokeGrantOfToken(stored(c).tokens().refreshToken().reveal())).isTrue();
    assertThatThrownBy(() -> m.accessToken(c.id()))
        .isInstanceOfSatisfying(
            ReauthRequiredException.class,
            e -> {
              assertThat(e.reconnectUrl())
                  .hasValueSatisfying(
                      u ->
                          assertThat(u)
                              .startsWith("https://signlink.test/connect/docusign?owner="));
              assertThat(e.reason()).contains("invalid_grant");
            });
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.REAUTH_REQUIRED);
  }

  @Test
  void aRefreshAnswerLostAfterRotationIsReportedAsSuch() {
    Connection c = connectAndExpire();
    TokenManager m = manager(docusign.refresher());
    emulator.faults().loseNextTokenResponses(1);
    List<String> reasons = new ArrayList<>();
    assertThatThrownBy(() -> m.accessToken(c.id()))
        .isInstanceOfSatisfying(ReauthRequiredException.class, e -> reasons.add(e.reason()));
    assertThat(reasons).singleElement().asString().startsWith("refresh_outcome_lost:");
    assertThat(stored(c).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
    assertThat(stored(c).statusReason()).startsWith("refresh_outcome_lost:");
  }
}
