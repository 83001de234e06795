package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.InMemoryPendingAuthorizationStore;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.Pkce;
import io.signlink.oauth.RevocationResult;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.oauth.TokenTypeHint;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.Providers;
import io.signlink.testing.LogCapture;
import io.signlink.testing.TestProfiles;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole consent flow against an independent authorization server, navikt's mock-oauth2-server
 * in library mode with refresh-token rotation: begin, the browser's trip to the authorization
 * endpoint, the callback, the code exchange with PKCE, ID-token validation over its JWKS, userinfo,
 * refresh, client credentials and revocation; then the requests it received and every log line are
 * searched for secrets (SECURITY.md §pkce, §nonce, §redirect-uri, §pending-authorizations,
 * §token-requests, §client-auth, §rotation, §redaction).
 */
class ConnectFlowMockOAuth2ServerTest {
  static final String ISSUER_ID = "default";
  static MockOAuth2Server server;
  static ProviderProfile profile;

  @RegisterExtension final LogCapture logs = new LogCapture();

  final Clock clock = Clock.systemUTC(); // the server signs with real time
  final JdkHttpTransport http = new JdkHttpTransport();
  final TokenClient tokens = new TokenClient(http, clock);
  final InMemoryPendingAuthorizationStore pending = new InMemoryPendingAuthorizationStore(clock);
  final InMemoryConnectionStore connections = new InMemoryConnectionStore(clock);

  /** What the event recorder and listener heard, and whether inside the store's transaction. */
  final List<String> heard = new CopyOnWriteArrayList<>();

  ConnectFlow flow;

  /** Every secret value seen during a test, to search logs and requests for. */
  final List<String> secrets = new ArrayList<>();

  final List<Throwable> failures = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    profile =
        ProviderProfile.builder()
            .id("mock")
            .kind(ProviderKind.OIDC)
            .issuer(server.issuerUrl(ISSUER_ID).toString())
            .authorizationEndpoint(server.authorizationEndpointUrl(ISSUER_ID).uri())
            .tokenEndpoint(server.tokenEndpointUrl(ISSUER_ID).uri())
            .userinfoEndpoint(server.userInfoUrl(ISSUER_ID).uri())
            .revocationEndpoint(server.revocationEndpointUrl(ISSUER_ID).uri())
            .jwksUri(server.jwksUrl(ISSUER_ID).uri())
            .clientId("signlink-client")
            .clientSecret(Secret.of(TestProfiles.CLIENT_SECRET))
            .clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC)
            .scopes(List.of("openid", "profile", "offline_access"))
            .openId(true)
            .build();
  }

  @AfterAll
  static void stopServer() {
    server.shutdown();
  }

  @BeforeEach
  void setUp() {
    drainRequests();
    flow =
        new ConnectFlow(
            ProviderRegistry.of(Providers.create(profile, http, clock)),
            pending,
            connections,
            tokens,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(URI.create("http://127.0.0.1:9/app")),
            clock,
            events());
    secrets.add(TestProfiles.CLIENT_SECRET);
  }

  ConnectionEvents events() {
    ConnectionEvents events = new ConnectionEvents();
    events.registerRecorder(e -> heard.add("record " + e.type() + where()));
    events.register(e -> heard.add("tell " + e.type() + where()));
    return events;
  }

  String where() {
    return connections.inTransaction() ? " inside" : " outside";
  }

  /** The browser's trip: GET the authorization URL, read the redirect back to our callback. */
  static Map<String, String> authorize(URI authorizationUrl) throws Exception {
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<Void> response =
        browser.send(
            HttpRequest.newBuilder(authorizationUrl).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    URI back = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith("http://127.0.0.1:9/app/callback/mock?");
    Map<String, String> params = new HashMap<>();
    URLUtils.parseParameters(back.getRawQuery()).forEach((k, v) -> params.put(k, v.get(0)));
    return params;
  }

  /** Every request the server received since the last call (it throws when none is queued). */
  static List<RecordedRequest> drainRequests() {
    List<RecordedRequest> all = new ArrayList<>();
    while (true) {
      try {
        all.add(server.takeRequest(100, TimeUnit.MILLISECONDS));
      } catch (RuntimeException noMore) {
        return all;
      }
    }
  }

  void remember(PendingAuthorization p, Map<String, String> callback) {
    secrets.add(p.state().reveal());
    secrets.add(p.nonce().reveal());
    secrets.add(p.codeVerifier().reveal());
    secrets.add(callback.get("code"));
  }

  void remember(TokenSet t) {
    secrets.add(t.accessToken().reveal());
    if (t.refreshToken() != null) {
      secrets.add(t.refreshToken().reveal());
    }
    if (t.idToken() != null) {
      secrets.add(t.idToken().reveal());
    }
  }

  @Test
  void runsTheWholeFlowAndLeaksNoSecret() throws Exception {
    // 1. begin, and the browser's trip to the authorization endpoint
    AuthorizationStart start = flow.begin("mock", "owner-1", "binding-1", "/back");
    PendingAuthorization p = start.pending();
    Map<String, String> callback = authorize(start.authorizationUrl());
    remember(p, callback);
    assertThat(callback.get("state")).isEqualTo(p.state().reveal());

    // 2. the callback: exchange, ID token, userinfo, upsert
    CompletedConnection done = flow.complete("mock", callback, "binding-1");
    Connection c = done.connection();
    remember(c.tokens());
    assertThat(done.created()).isTrue();
    assertThat(done.returnTo()).isEqualTo("/back");
    assertThat(c.tokens().refreshToken()).isNotNull();
    SignedJWT idToken = SignedJWT.parse(c.tokens().idToken().reveal());
    assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(p.nonce().reveal());
    assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(profile.issuer());
    assertThat(c.subject()).isEqualTo(idToken.getJWTClaimsSet().getSubject());
    // the connection's event is recorded in the transaction that stores it, told after
    assertThat(heard).containsExactly("record CREATED inside", "tell CREATED outside");

    // 3. what the server received during the flow
    List<RecordedRequest> received = drainRequests();
    RecordedRequest authorizeRequest = only(received, "GET", "/authorize");
    RecordedRequest tokenRequest = only(received, "POST", "/token");
    assertThat(received).anyMatch(r -> r.getPath().contains("/userinfo"));
    assertThat(received).anyMatch(r -> r.getPath().contains("/jwks"));
    Map<String, List<String>> authz =
        URLUtils.parseParameters(authorizeRequest.getRequestUrl().encodedQuery());
    Map<String, List<String>> form =
        URLUtils.parseParameters(tokenRequest.getBody().clone().readUtf8());
    assertThat(form.get("grant_type")).containsExactly("authorization_code");
    assertThat(form.get("code")).containsExactly(callback.get("code"));
    assertThat(form.get("code_verifier")).containsExactly(p.codeVerifier().reveal());
    assertThat(authz.get("code_challenge_method")).containsExactly("S256");
    assertThat(authz.get("code_challenge")).containsExactly(Pkce.challengeOf(p.codeVerifier()));
    assertThat(form.get("redirect_uri")).containsExactly(authz.get("redirect_uri").get(0));
    assertThat(tokenRequest.getHeader("Authorization")).startsWith("Basic ");

    // 4. refresh with rotation: the new refresh token replaces the old, which is now dead
    TokenSet first = c.tokens();
    TokenSet refreshed = tokens.refresh(profile, first.refreshToken(), null);
    remember(refreshed);
    RecordedRequest refreshRequest = only(drainRequests(), "POST", "/token");
    assertThat(
            URLUtils.parseParameters(refreshRequest.getBody().clone().readUtf8())
                .get("refresh_token"))
        .containsExactly(first.refreshToken().reveal());
    assertThat(refreshed.refreshToken()).isNotNull().isNotEqualTo(first.refreshToken());
    TokenSet merged = first.mergeRefreshed(refreshed);
    assertThat(merged.refreshToken()).isEqualTo(refreshed.refreshToken());
    ProviderRejectedException reused =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> tokens.refresh(profile, first.refreshToken(), null));
    failures.add(reused);
    assertThat(reused.isInvalidGrant()).isTrue();
    assertThat(reused.getMessage()).contains("the user must reconnect");

    // 5. client credentials
    TokenSet cc = tokens.clientCredentials(profile, List.of("api://signlink/.default"));
    remember(cc);
    assertThat(cc.accessToken()).isNotNull();

    // 6. revocation (RFC 7009): the refresh token stops working
    assertThat(tokens.revoke(profile, refreshed.refreshToken(), TokenTypeHint.REFRESH_TOKEN))
        .isEqualTo(RevocationResult.REVOKED);
    ProviderRejectedException revoked =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> tokens.refresh(profile, refreshed.refreshToken(), null));
    failures.add(revoked);
    assertThat(revoked.isInvalidGrant()).isTrue();

    // 7. no secret in any request URL, log line or exception message (SECURITY.md §client-auth,
    // §redaction)
    for (RecordedRequest r : drainRequests()) {
      assertNoSecretIn(r.getRequestUrl().toString(), "URL of " + r.getMethod() + " " + r.getPath());
    }
    assertNoSecretIn(tokenRequest.getRequestUrl().toString(), "token request URL");
    assertNoSecretIn(refreshRequest.getRequestUrl().toString(), "refresh request URL");
    // The capture works and runs at DEBUG and below:
    assertThat(logs.text())
        .contains("Consent flow begun for provider mock")
        .contains("Token request to mock (grant refresh_token)");
    for (String line : logs.lines()) {
      assertNoSecretIn(line, "log line");
    }
    for (Throwable t : failures) {
      for (Throwable x = t; x != null; x = x.getCause()) {
        assertNoSecretIn(String.valueOf(x.getMessage()), "exception message");
        assertNoSecretIn(x.toString(), "exception");
      }
    }
  }

  @Test
  void anIdTokenWithAnotherNonceIsRejectedAndNothingIsStored()
      throws Exception { // SECURITY.md §nonce
    AuthorizationStart start = flow.begin("mock", "owner-2", null, null);
    PendingAuthorization real = pending.take(start.pending().state().reveal()).orElseThrow();
    // Same transaction, but the server will put the real nonce in the ID token.
    pending.save(
        new PendingAuthorization(
            real.state(),
            real.providerId(),
            real.issuer(),
            real.owner(),
            real.redirectUri(),
            real.codeVerifier(),
            Secret.of("some-other-nonce"),
            real.browserBinding(),
            real.returnTo(),
            real.createdAt(),
            real.expiresAt()));
    Map<String, String> callback = authorize(start.authorizationUrl());

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class, () -> flow.complete("mock", callback, null));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.INVALID_ID_TOKEN);
    assertThat(e.getMessage()).contains("nonce").doesNotContain(real.nonce().reveal());
    assertThat(connections.count()).isZero();
    assertThat(drainRequests()).noneMatch(r -> r.getPath().contains("/userinfo"));
  }

  @Test
  void aFlowBegunForAnApplicationStoresTheConnectionInThatApplication()
      throws Exception { // SECURITY.md §applications
    AuthorizationStart start = flow.begin("mock", "acme", "owner-app", null, null);
    assertThat(start.pending().applicationId()).isEqualTo("acme");
    Connection acme = flow.complete("mock", authorize(start.authorizationUrl()), null).connection();
    assertThat(acme.applicationId()).isEqualTo("acme");

    // the same person and account through the default application is another connection
    AuthorizationStart again = flow.begin("mock", "owner-app", null, null);
    CompletedConnection other = flow.complete("mock", authorize(again.authorizationUrl()), null);
    assertThat(other.created()).isTrue();
    assertThat(other.connection().applicationId()).isEqualTo(Connection.DEFAULT_APPLICATION);
    assertThat(other.connection().id()).isNotEqualTo(acme.id());
  }

  @Test
  void aReplayedCallbackSendsNoSecondCodeExchange()
      throws Exception { // SECURITY.md §pending-authorizations
    AuthorizationStart start = flow.begin("mock", "owner-3", null, null);
    Map<String, String> callback = authorize(start.authorizationUrl());
    flow.complete("mock", callback, null);
    drainRequests();

    catchThrowableOfType(
        io.signlink.error.AuthorizationFlowException.class,
        () -> flow.complete("mock", callback, null));

    assertThat(drainRequests()).isEmpty();
  }

  private void assertNoSecretIn(String text, String where) {
    for (String secret : secrets) {
      assertThat(text).as(where).doesNotContain(secret);
    }
  }

  private static RecordedRequest only(List<RecordedRequest> all, String method, String pathEnd) {
    List<RecordedRequest> matching =
        all.stream()
            .filter(
                r ->
                    r.getMethod().equals(method)
                        && r.getRequestUrl().encodedPath().endsWith(pathEnd))
            .toList();
    assertThat(matching).as(method + " " + pathEnd).hasSize(1);
    return matching.get(0);
  }
}
