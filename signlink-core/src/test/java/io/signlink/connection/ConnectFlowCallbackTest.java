package io.signlink.connection;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.AuthorizationFlowException.Reason;
import io.signlink.error.ConfigurationException;
import io.signlink.error.TransientException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.InMemoryPendingAuthorizationStore;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.testing.MutableClock;
import io.signlink.testing.SharedWireMock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a callback is refused before the token endpoint is called (SECURITY.md §state,
 * §pending-authorizations, §issuer-check, §authorization-errors, SECURITY.md
 * §pending-authorizations, §callback-page), and the happy path that upserts the connection. The
 * token endpoint is WireMock, so each test can prove how many token requests were sent.
 */
class ConnectFlowCallbackTest {
  static final WireMockServer wm = SharedWireMock.get();
  static final String BINDING = "browser-binding-hash";

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final InMemoryPendingAuthorizationStore pending = new InMemoryPendingAuthorizationStore(clock);
  final InMemoryConnectionStore connections = new InMemoryConnectionStore(clock);
  ProviderProfile alpha;

  @BeforeEach
  void reset() {
    wm.resetAll();
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-from-endpoint\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"rt-1\"}")));
    alpha = TestProfiles.oauth("alpha", wm.baseUrl()).build();
  }

  ConnectFlow flow(ProviderProfile... profiles) {
    ProviderProfile[] all =
        profiles.length == 0
            ? new ProviderProfile[] {alpha, TestProfiles.oauth("beta", wm.baseUrl()).build()}
            : profiles;
    ProviderRegistry registry =
        new ProviderRegistry(
            java.util.Arrays.stream(all)
                .map(
                    p ->
                        new Provider(
                            p,
                            (profile, tokens, claims) ->
                                new ResolvedIdentity(
                                    "user-1",
                                    "Ada",
                                    "ada@example.com",
                                    List.of(
                                        new Account("acc-1", "Main", "https://api.example", true))),
                            null))
                .toList());
    return new ConnectFlow(
        registry,
        pending,
        connections,
        new TokenClient(new JdkHttpTransport(), clock),
        new AuthorizationRequests(clock),
        ConnectFlow.callbackUrls(URI.create("https://app.example/")),
        clock,
        null);
  }

  static Map<String, String> callback(AuthorizationStart start, String... extra) {
    Map<String, String> params = new HashMap<>();
    params.put("code", "code-1");
    params.put("state", start.pending().state().reveal());
    for (int i = 0; i < extra.length; i += 2) {
      if (extra[i + 1] == null) {
        params.remove(extra[i]);
      } else {
        params.put(extra[i], extra[i + 1]);
      }
    }
    return params;
  }

  static int tokenRequests() {
    return wm.findAll(anyRequestedFor(anyUrl())).size();
  }

  static Reason refusal(Runnable call) {
    AuthorizationFlowException e =
        catchThrowableOfType(AuthorizationFlowException.class, call::run);
    assertThat(e).as("expected the callback to be refused").isNotNull();
    return e.reason();
  }

  @Test
  void completesTheFlowAndUpsertsTheConnection() {
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "owner-1", BINDING, "/done");

    CompletedConnection done = flow.complete("alpha", callback(start), BINDING);

    assertThat(done.created()).isTrue();
    assertThat(done.returnTo()).isEqualTo("/done");
    Connection c = done.connection();
    assertThat(c.providerId()).isEqualTo("alpha");
    assertThat(c.owner()).isEqualTo("owner-1");
    assertThat(c.subject()).isEqualTo("user-1");
    assertThat(c.accountId()).isEqualTo("acc-1");
    assertThat(c.baseUri()).isEqualTo("https://api.example");
    assertThat(c.tokens().accessToken().reveal()).isEqualTo("at-from-endpoint");
    assertThat(connections.count()).isEqualTo(1);

    AuthorizationStart again = flow.begin("alpha", "owner-1", BINDING, null);
    assertThat(flow.complete("alpha", callback(again), BINDING).created()).isFalse();
    assertThat(connections.count()).isEqualTo(1);
  }

  @Test
  void theRedirectUriComesFromConfigurationAndIsSentIdentically() { // SECURITY.md §redirect-uri
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", null, null);
    String sent =
        URLUtils.parseParameters(start.authorizationUrl().getRawQuery()).get("redirect_uri").get(0);

    flow.complete("alpha", callback(start), null);

    LoggedRequest token = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent).isEqualTo("https://app.example/callback/alpha");
    assertThat(URLUtils.parseParameters(token.getBodyAsString()).get("redirect_uri"))
        .containsExactly(sent);
  }

  @Test
  void refusesACallbackWithoutState() { // SECURITY.md §state
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(refusal(() -> flow.complete("alpha", callback(start, "state", null), BINDING)))
        .isEqualTo(Reason.MISSING_STATE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void refusesAnUnknownState() { // SECURITY.md §pending-authorizations
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(refusal(() -> flow.complete("alpha", callback(start, "state", "forged"), BINDING)))
        .isEqualTo(Reason.UNKNOWN_STATE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void refusesAnExpiredState() { // SECURITY.md §pending-authorizations
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);
    clock.advance(Duration.ofMinutes(10));

    assertThat(refusal(() -> flow.complete("alpha", callback(start), BINDING)))
        .isEqualTo(Reason.EXPIRED_STATE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void rejectsReusedState() { // SECURITY.md §pending-authorizations
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);
    flow.complete("alpha", callback(start), BINDING);

    assertThat(refusal(() -> flow.complete("alpha", callback(start), BINDING)))
        .isEqualTo(Reason.UNKNOWN_STATE);
    assertThat(tokenRequests()).isEqualTo(1);
  }

  @Test
  void refusesAResponseDeliveredToAnotherProvidersCallback() { // SECURITY.md §issuer-check
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(refusal(() -> flow.complete("beta", callback(start), BINDING)))
        .isEqualTo(Reason.PROVIDER_MISMATCH);
    // The transaction is spent: the same response cannot be replayed on the right path either.
    assertThat(refusal(() -> flow.complete("alpha", callback(start), BINDING)))
        .isEqualTo(Reason.UNKNOWN_STATE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void refusesACallbackFromAnotherBrowser() { // SECURITY.md §state
    ConnectFlow flow = flow();
    AuthorizationStart a = flow.begin("alpha", "o", BINDING, null);
    AuthorizationStart b = flow.begin("alpha", "o", BINDING, null);

    assertThat(refusal(() -> flow.complete("alpha", callback(a), "other-browser")))
        .isEqualTo(Reason.BROWSER_MISMATCH);
    assertThat(refusal(() -> flow.complete("alpha", callback(b), null)))
        .isEqualTo(Reason.BROWSER_MISMATCH);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void checksTheIssuerParameterPerRfc9207() { // SECURITY.md §issuer-check, the whole matrix
    String issuer = alpha.issuer();
    record Row(boolean supported, String iss, boolean accepted) {}
    List<Row> matrix =
        List.of(
            new Row(true, issuer, true),
            new Row(true, null, false),
            new Row(true, "https://evil.example", false),
            new Row(true, issuer + "/", false),
            new Row(true, issuer.toUpperCase(java.util.Locale.ROOT), false),
            new Row(false, null, true),
            new Row(false, issuer, true),
            new Row(false, "https://evil.example", false));
    for (Row row : matrix) {
      wm.resetRequests();
      ConnectFlow flow = flow(alpha.toBuilder().issParameterSupported(row.supported()).build());
      AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);
      Map<String, String> params = callback(start, "iss", row.iss());
      if (row.accepted()) {
        assertThat(flow.complete("alpha", params, BINDING).connection())
            .as(row.toString())
            .isNotNull();
        assertThat(tokenRequests()).as(row.toString()).isEqualTo(1);
      } else {
        assertThat(refusal(() -> flow.complete("alpha", params, BINDING)))
            .as(row.toString())
            .isEqualTo(Reason.ISSUER_MISMATCH);
        assertThat(tokenRequests()).as(row.toString()).isZero();
      }
    }
  }

  @Test
  void anErrorFromAnotherIssuerIsNotAttributedToTheProvider() { // SECURITY.md §issuer-check
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(
            refusal(
                () ->
                    flow.complete(
                        "alpha",
                        callback(
                            start,
                            "code",
                            null,
                            "error",
                            "access_denied",
                            "iss",
                            "https://evil.example"),
                        BINDING)))
        .isEqualTo(Reason.ISSUER_MISMATCH);
  }

  @Test
  void anUpperCaseDenialIsADenialAndOtherCodesKeepTheirCase() { // Acrobat Sign: ACCESS_DENIED
    ConnectFlow flow = flow();
    AuthorizationStart denied = flow.begin("alpha", "o", BINDING, null);
    AuthorizationStart failed = flow.begin("alpha", "o", BINDING, null);

    assertThat(
            refusal(
                () ->
                    flow.complete(
                        "alpha",
                        callback(denied, "code", null, "error", "ACCESS_DENIED"),
                        BINDING)))
        .isEqualTo(Reason.DENIED);
    AuthorizationFlowException e =
        catchThrowableOfType(
            AuthorizationFlowException.class,
            () ->
                flow.complete(
                    "alpha", callback(failed, "code", null, "error", "SERVER_ERROR"), BINDING));
    assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(e.providerError()).isEqualTo("SERVER_ERROR");
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void anErrorResponseConsumesTheTransactionAndIsNotRetried() { // SECURITY.md §authorization-errors
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);
    Map<String, String> denied =
        callback(
            start,
            "code",
            null,
            "error",
            "access_denied",
            "error_description",
            "<script>alert(1)</script>\r\nInjected: yes");

    AuthorizationFlowException e =
        catchThrowableOfType(
            AuthorizationFlowException.class, () -> flow.complete("alpha", denied, BINDING));

    assertThat(e.reason()).isEqualTo(Reason.DENIED);
    assertThat(e.providerError()).isEqualTo("access_denied");
    assertThat(e.getMessage()).doesNotContain("\r", "\n"); // HTML escaping is the page's job
    assertThat(refusal(() -> flow.complete("alpha", callback(start), BINDING)))
        .isEqualTo(Reason.UNKNOWN_STATE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void otherProviderErrorsAreReportedAsSuch() {
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(
            refusal(
                () ->
                    flow.complete(
                        "alpha",
                        callback(start, "code", null, "error", "temporarily_unavailable"),
                        BINDING)))
        .isEqualTo(Reason.PROVIDER_ERROR);
  }

  @Test
  void refusesACallbackWithoutCode() {
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThat(refusal(() -> flow.complete("alpha", callback(start, "code", null), BINDING)))
        .isEqualTo(Reason.MISSING_CODE);
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void ignoresTokensOfferedInTheFrontChannel() { // SECURITY.md §callback-page
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    Connection c =
        flow.complete(
                "alpha",
                callback(
                    start,
                    "access_token",
                    "injected-at",
                    "id_token",
                    "injected-id",
                    "refresh_token",
                    "injected-rt",
                    "token_type",
                    "bearer"),
                BINDING)
            .connection();

    assertThat(c.tokens().accessToken().reveal()).isEqualTo("at-from-endpoint");
    assertThat(c.tokens().refreshToken().reveal()).isEqualTo("rt-1");
    assertThat(c.tokens().idToken()).isNull();
    assertThat(tokenRequests()).isEqualTo(1);
  }

  @Test
  void aFailedExchangePersistsNothing() { // SECURITY.md §token-requests, §atomic-writes
    wm.stubFor(post("/token").willReturn(WireMock.aResponse().withStatus(502)));
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "o", BINDING, null);

    assertThatThrownBy(() -> flow.complete("alpha", callback(start), BINDING))
        .isInstanceOf(TransientException.class);
    assertThat(connections.count()).isZero();
    assertThat(tokenRequests()).isEqualTo(1);
  }

  @Test
  void refusesUnknownProvidersAndPlainHttpCallbacks() { // SECURITY.md §web-headers
    assertThatThrownBy(() -> flow().begin("gamma", "o", null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("alpha");
    ConnectFlow plain =
        new ConnectFlow(
            new ProviderRegistry(List.of(new Provider(alpha, (p, t, c) -> null, null))),
            pending,
            connections,
            new TokenClient(new JdkHttpTransport(), clock),
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(URI.create("http://app.example")),
            clock,
            null);
    assertThatThrownBy(() -> plain.begin("alpha", "o", null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("https");
    assertThat(pending.size()).isZero();
  }

  @Test
  void aRefusingConsentCheckStoresNothingAndRevokesTheGrant() { // SECURITY.md §atomic-writes
    wm.stubFor(post("/revoke").willReturn(WireMock.ok()));
    ConnectFlow flow = flow();
    AuthorizationStart start = flow.begin("alpha", "owner-1", BINDING, null);
    IllegalStateException refused = new IllegalStateException("another user");
    assertThatThrownBy(
            () ->
                flow.complete(
                    "alpha",
                    callback(start),
                    BINDING,
                    (p, identity) -> {
                      assertThat(p.owner()).isEqualTo("owner-1");
                      assertThat(identity.subject()).isEqualTo("user-1");
                      throw refused;
                    }))
        .isSameAs(refused);
    assertThat(connections.findByOwner("owner-1")).isEmpty();
    List<LoggedRequest> revocations =
        wm.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/revoke")));
    assertThat(revocations).hasSize(1);
    assertThat(revocations.get(0).getBodyAsString())
        .contains("token=rt-1")
        .contains("token_type_hint=refresh_token");
  }
}
