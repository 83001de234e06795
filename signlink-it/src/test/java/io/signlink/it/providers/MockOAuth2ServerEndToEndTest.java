package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.connection.CompletedConnection;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.error.InvalidResponseException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.RefreshAnswerCheck;
import io.signlink.oauth.RejectedRefreshAnswer;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.api.ApiCaller;
import io.signlink.provider.api.ApiErrorReader;
import io.signlink.provider.oidc.IdTokenPolicy;
import io.signlink.provider.oidc.OidcDiscovery;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same SignLink flow against an independent authorization server — navikt's mock-oauth2-server,
 * configured only by its issuer and found through discovery — so the emulator is not the only judge
 * of SignLink's protocol code.
 */
class MockOAuth2ServerEndToEndTest {
  private static final String ISSUER_ID = "signlink";
  private static final String CLIENT_ID = "signlink-client";
  private static MockOAuth2Server server;
  private static OidcDiscovery discovery;
  private static ProviderProfile profile;

  @TempDir Path dataDir;
  private SignLinkRig signlink;

  @BeforeAll
  static void start() throws Exception {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    discovery =
        OidcDiscovery.create(
            server.issuerUrl(ISSUER_ID).toString(), new JdkHttpTransport(), Clock.systemUTC());
    profile =
        discovery.profile(
            "mock", CLIENT_ID, Secret.of("any-secret"), ClientAuthMethod.CLIENT_SECRET_BASIC, null);
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  @BeforeEach
  void setUp() {
    Provider provider =
        Providers.discovered(
            discovery,
            profile,
            new JdkHttpTransport(),
            Clock.systemUTC(),
            IdTokenPolicy.defaults());
    signlink = new SignLinkRig(dataDir, provider);
  }

  @AfterEach
  void tearDown() {
    signlink.close();
  }

  /** The authorization request the server received (discovery and JWKS requests come first). */
  private static HttpUrl authorizeRequest() {
    for (int i = 0; i < 20; i++) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS); // throws when none is left
      if (r.getRequestUrl() != null && r.getRequestUrl().encodedPath().endsWith("/authorize")) {
        return r.getRequestUrl();
      }
    }
    throw new AssertionError("the server saw no authorization request");
  }

  @Test
  void connectsStoresRefreshesAndCallsUserinfoWithTheStoredToken() {
    CompletedConnection done = signlink.connect("mock", "owner-1", new ConsentBrowser(), null);

    Connection stored = signlink.stored(done.connection().id());
    assertThat(stored.providerId()).isEqualTo("mock");
    assertThat(stored.subject()).isNotBlank();
    assertThat(stored.tokens().idToken()).isNotNull(); // verified against the JWKS with our nonce
    assertThat(stored.tokens().refreshToken()).isNotNull();
    HttpUrl authorize = authorizeRequest();
    assertThat(authorize.queryParameter("code_challenge_method"))
        .isEqualTo("S256"); // SECURITY.md §pkce
    assertThat(authorize.queryParameter("nonce")).isNotBlank(); // SECURITY.md §nonce

    // mock-oauth2-server drops azp from the ID token of a refresh response although the original
    // had one; OIDC Core §12.2 forbids that and SignLink refuses it (see the test below). Give the
    // refresh a conforming ID token so the rest of the flow can be judged.
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER_ID,
            stored.subject(),
            "JWT",
            List.of(CLIENT_ID),
            Map.of("azp", CLIENT_ID),
            3600));
    signlink.tokens.forceRefresh(stored.id());
    Connection refreshed = signlink.stored(stored.id());
    assertThat(refreshed.version()).isGreaterThan(stored.version());
    assertThat(refreshed.lastRefreshedAt()).isNotNull();
    assertThat(signlink.events)
        .extracting(ConnectionEvent::type)
        .contains(ConnectionEvent.Type.REFRESHED);

    ApiCaller caller =
        new ApiCaller(signlink.http, signlink.apiSettings, "mock", ApiErrorReader.oauth());
    JsonNode userinfo = caller.getJson(profile.userinfoEndpoint(), signlink.bearer(stored.id()));
    assertThat(userinfo.get("sub").asText()).isEqualTo(stored.subject());
  }

  @Test
  void aRefreshedIdTokenThatDropsTheOriginalAzpIsRefused() { // OIDC Core §12.2, SECURITY.md
    // §refreshed-id-token
    Connection stored =
        signlink.connect("mock", "owner-1", new ConsentBrowser(), null).connection();

    RejectedRefreshAnswer rejected =
        catchThrowableOfType(
            RejectedRefreshAnswer.class,
            () ->
                new OAuthTokenRefresher(signlink.providers, signlink.tokenClient).refresh(stored));

    InvalidResponseException e = (InvalidResponseException) rejected.reason();
    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.INVALID_ID_TOKEN);
    assertThat(e.getMessage()).contains("azp");
    // aud still names only this client: the access token is not used, the grant is kept
    assertThat(rejected.check()).isEqualTo(RefreshAnswerCheck.AZP_DROPPED);
    assertThat(rejected.check().consequence())
        .isEqualTo(RefreshAnswerCheck.Consequence.DISCARD_ACCESS_TOKEN);
    assertThat(rejected.rotatedRefreshToken()).isNotNull();
    assertThat(signlink.stored(stored.id()).tokens().accessToken())
        .isEqualTo(stored.tokens().accessToken());
  }
}
