package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.signlink.connection.CompletedConnection;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.boldsign.BoldSignApiClient;
import io.signlink.provider.boldsign.BoldSignApiDocument;
import io.signlink.provider.boldsign.BoldSignApiDocumentPage;
import io.signlink.provider.boldsign.BoldSignProfiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BoldSign end to end over real sockets, driven through SignLink's own code: consent flow against
 * the emulator's consent page, tokens in the encrypted SQLite store, the token manager's refresh,
 * and the document API — plus what the emulator must refuse, as SignLink sees it.
 */
class BoldSignEndToEndTest {
  private static Emulator emulator;
  private static ProviderProfile profile;
  private static final String ALEX = SeedUsers.defaultUser(Provider.BOLDSIGN).sub();

  @TempDir Path dataDir;
  private SignLinkRig signlink;
  private final ConsentBrowser browser = new ConsentBrowser();

  @BeforeAll
  static void startEmulator() {
    emulator = Emulator.start(EmulatorConfig.builder().build());
    profile =
        BoldSignProfiles.at(
                emulator.boldSignAccountBase(),
                URI.create(emulator.boldSignApiBase() + "/v1"),
                DemoClients.BOLDSIGN_CLIENT_ID,
                Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET))
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void setUp() {
    emulator.stats().reset();
    emulator.faults().clear();
    signlink =
        new SignLinkRig(
            dataDir, Providers.create(profile, new JdkHttpTransport(), Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    signlink.close();
  }

  private BoldSignApiClient api(Connection c) {
    return BoldSignApiClient.forConnection(
        signlink.http, signlink.apiSettings, c, signlink.bearer(c.id()));
  }

  @Test
  void consentsStoresRefreshesAndListsDocuments() {
    CompletedConnection done = signlink.connect("boldsign", "owner-1", browser, ALEX);

    Connection stored = signlink.stored(done.connection().id());
    assertThat(done.created()).isTrue();
    assertThat(stored.subject()).isEqualTo(ALEX);
    assertThat(stored.baseUri()).isEqualTo(emulator.boldSignApiBase() + "/v1");
    assertThat(stored.tokens().refreshToken()).isNotNull(); // offline_access was granted
    assertThat(emulator.stats().tokenRequests(Provider.BOLDSIGN, "authorization_code"))
        .isEqualTo(1);

    BoldSignApiDocumentPage first = api(stored).listDocuments(1, 5);
    assertThat(first.documents())
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.documentId()).isNotBlank());

    Secret accessBefore = stored.tokens().accessToken();
    Secret refreshBefore = stored.tokens().refreshToken();
    signlink.tokens.forceRefresh(stored.id());
    Connection refreshed = signlink.stored(stored.id());
    assertThat(refreshed.tokens().accessToken()).isNotEqualTo(accessBefore);
    assertThat(refreshed.tokens().refreshToken())
        .isNotEqualTo(refreshBefore); // rotated, SECURITY.md §rotation
    assertThat(emulator.stats().tokenRequests(Provider.BOLDSIGN, "refresh_token")).isEqualTo(1);

    BoldSignApiDocumentPage again = api(refreshed).listDocuments(1, 5);
    assertThat(again.documents())
        .extracting(BoldSignApiDocument::documentId)
        .containsExactlyElementsOf(
            first.documents().stream().map(BoldSignApiDocument::documentId).toList());
  }

  @Test
  void aDeniedConsentStoresNothing() { // SECURITY.md §authorization-errors
    AuthorizationStart start = signlink.flow.begin("boldsign", "owner-1", null, null);
    ConsentBrowser.Page page =
        browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.DENY, ALEX);

    AuthorizationFlowException e =
        catchThrowableOfType(
            AuthorizationFlowException.class, () -> signlink.complete("boldsign", page.location()));

    assertThat(e.reason()).isEqualTo(AuthorizationFlowException.Reason.DENIED);
    assertThat(signlink.connections().count()).isZero();
    assertThat(emulator.stats().tokenRequests(Provider.BOLDSIGN)).isZero();
  }

  @Test
  void anExpiredTokenIsRefreshedOnceOnThe401AndTheCallRetried() { // SECURITY.md §retry-on-401
    Connection c = signlink.connect("boldsign", "owner-1", browser, ALEX).connection();
    api(c).listDocuments(1, 5);
    long unauthorizedBefore = emulator.stats().count("boldsign.api.unauthorized");

    emulator.expireAccessTokens(); // SignLink still thinks its token is good for an hour

    assertThat(api(c).listDocuments(1, 5).documents()).isNotEmpty();
    assertThat(emulator.stats().count("boldsign.api.unauthorized") - unauthorizedBefore)
        .isEqualTo(1);
    assertThat(emulator.stats().tokenRequests(Provider.BOLDSIGN, "refresh_token")).isEqualTo(1);
  }

  @Test
  void aReusedCodeIsRejectedAndTheTokensIssuedFromItAreRevoked() { // RFC 6749 §4.1.2, SECURITY.md
    // §pending-authorizations
    AuthorizationStart start = signlink.flow.begin("boldsign", "owner-1", null, null);
    URI redirect =
        browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, ALEX).location();
    Connection c = signlink.complete("boldsign", redirect).connection();

    // SignLink itself never sends a code twice: the transaction is consumed.
    AuthorizationFlowException replay =
        catchThrowableOfType(
            AuthorizationFlowException.class, () -> signlink.complete("boldsign", redirect));
    assertThat(replay.reason()).isEqualTo(AuthorizationFlowException.Reason.UNKNOWN_STATE);

    // The provider refuses it too, and revokes what the code produced.
    Secret code = Secret.of(ConsentBrowser.query(redirect).get("code"));
    ProviderRejectedException reused =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> signlink.tokenClient.exchangeCode(profile, code, start.pending()));
    assertThat(reused.isInvalidGrant()).isTrue();

    ReauthRequiredException dead =
        catchThrowableOfType(ReauthRequiredException.class, () -> api(c).listDocuments(1, 5));
    assertThat(dead.reconnectUrl()).hasValue("http://127.0.0.1/connect/boldsign?owner=owner-1");
    assertThat(signlink.stored(c.id()).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
  }

  @Test
  void aCodeRedeemedWithAnotherRedirectUriIsRejected() { // SECURITY.md §redirect-uri, RFC 6749
    // §4.1.3
    AuthorizationStart start = signlink.flow.begin("boldsign", "owner-1", null, null);
    URI redirect =
        browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, ALEX).location();
    PendingAuthorization p = start.pending();
    PendingAuthorization otherRedirect =
        new PendingAuthorization(
            p.state(),
            p.providerId(),
            p.issuer(),
            p.owner(),
            "http://127.0.0.1/callback",
            p.codeVerifier(),
            p.nonce(),
            p.browserBinding(),
            p.returnTo(),
            p.createdAt(),
            p.expiresAt());

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () ->
                signlink.tokenClient.exchangeCode(
                    profile, Secret.of(ConsentBrowser.query(redirect).get("code")), otherRedirect));

    assertThat(e.isInvalidGrant()).isTrue();
  }

  @Test
  void anUnregisteredRedirectUriGetsAnErrorPageNotARedirect(
      @TempDir Path otherDir) { // RFC 6749 §4.1.2.1
    try (SignLinkRig elsewhere =
        new SignLinkRig(
            otherDir,
            URI.create("http://127.0.0.1:9/not-registered"),
            Providers.create(profile, new JdkHttpTransport(), Clock.systemUTC()))) {
      AuthorizationStart start = elsewhere.flow.begin("boldsign", "owner-1", null, null);

      ConsentBrowser.Page page =
          browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, ALEX);

      assertThat(page.location()).isNull();
      assertThat(page.status()).isEqualTo(400);
      assertThat(page.body()).contains("Invalid redirect URI");
    }
  }

  @Test
  void aReusedRefreshTokenRevokesTheGrantAndSignLinkAsksForReconsent() { // RFC 9700 §4.14.2,
    // SECURITY.md §dead-grant
    Connection c = signlink.connect("boldsign", "owner-1", browser, ALEX).connection();
    Secret spent = signlink.stored(c.id()).tokens().refreshToken();
    signlink.tokens.forceRefresh(c.id()); // rotates: `spent` is now used up

    ProviderRejectedException replay =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> signlink.tokenClient.refresh(profile, spent, null));
    assertThat(replay.isInvalidGrant()).isTrue();

    ReauthRequiredException e =
        catchThrowableOfType(
            ReauthRequiredException.class, () -> signlink.tokens.forceRefresh(c.id()));
    assertThat(e.connectionId()).isEqualTo(c.id());
    assertThat(e.reconnectUrl()).hasValue("http://127.0.0.1/connect/boldsign?owner=owner-1");
    assertThat(signlink.stored(c.id()).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
    assertThat(signlink.events)
        .extracting(ConnectionEvent::type)
        .contains(ConnectionEvent.Type.REAUTH_REQUIRED);
  }

  @Test
  void theCallbackParametersAreAllSignLinkNeeds() {
    AuthorizationStart start = signlink.flow.begin("boldsign", "owner-1", null, null);
    URI redirect =
        browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, ALEX).location();

    Map<String, String> params = ConsentBrowser.query(redirect);

    assertThat(redirect.toString()).startsWith("http://127.0.0.1/callback/boldsign?");
    assertThat(params).containsKeys("code", "state");
    assertThat(params.get("state")).isEqualTo(start.pending().state().reveal());
  }
}
