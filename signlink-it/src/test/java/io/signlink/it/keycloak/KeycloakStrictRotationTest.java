package io.signlink.it.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.Providers;
import io.signlink.provider.oidc.IdTokenPolicy;
import io.signlink.provider.oidc.OidcDiscovery;
import io.signlink.provider.oidc.OidcDiscovery.OfflineAccess;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SignLink against a real, independent OpenID provider with strict refresh-token rotation: Keycloak
 * from Maven Central ({@code -Pkeycloak}), realm with "Revoke Refresh Token" and max reuse 0.
 * Signing-key rotations seconds apart during refreshes, a user without the offline role, and a
 * reconnect that must not leave an orphan offline session (SECURITY.md §jwks-rotation, §rotation,
 * §scopes, §revocation; docs/PROVIDERS-OIDC.md).
 */
@Tag("keycloak")
class KeycloakStrictRotationTest {
  private static final URI PUBLIC_BASE = URI.create("http://127.0.0.1");
  private static KeycloakServer keycloak;

  @TempDir Path dataDir;
  private final Clock clock = Clock.systemUTC();
  private final JdkHttpTransport http = new JdkHttpTransport();
  private SignLinkStore store;
  private TokenManager tokens;
  private ConnectFlow flow;
  private TokenClient tokenClient;
  private ProviderProfile profile;

  @BeforeAll
  static void startKeycloak() throws Exception {
    keycloak = KeycloakServer.start();
  }

  @AfterAll
  static void stopKeycloak() {
    if (keycloak != null) {
      keycloak.close();
    }
  }

  @AfterEach
  void closeSignLink() {
    if (tokens != null) {
      tokens.close();
      tokens = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private void signLink(OfflineAccess offline) {
    OidcDiscovery discovery = OidcDiscovery.create(keycloak.issuer(), http, clock);
    profile =
        discovery.profile(
            "keycloak",
            KeycloakServer.CLIENT_ID,
            Secret.of(KeycloakServer.CLIENT_SECRET),
            null,
            null,
            offline);
    ProviderRegistry providers =
        ProviderRegistry.of(
            Providers.discovered(discovery, profile, http, clock, IdTokenPolicy.defaults()));
    store = SignLinkStore.open(StoreConfig.builder().dataDir(dataDir).clock(clock).build());
    tokenClient = new TokenClient(http, clock);
    flow =
        new ConnectFlow(
            providers,
            store.pendingAuthorizations(),
            store.connections(),
            tokenClient,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(PUBLIC_BASE),
            clock,
            null);
    tokens =
        TokenManager.builder(store.connections(), new OAuthTokenRefresher(providers, tokenClient))
            .clock(clock)
            .settings(TokenManagerSettings.builder().build())
            .build();
  }

  private Connection connect(String username) throws Exception {
    AuthorizationStart start = flow.begin("keycloak", "owner-" + username, null, null);
    URI back = keycloak.login(start.authorizationUrl(), username);
    return flow.complete("keycloak", query(back), null).connection();
  }

  private void assertActiveAndRefreshing(String id) {
    Secret before = store.connections().find(id).orElseThrow().tokens().refreshToken();
    tokens.forceRefresh(id);
    Connection after = store.connections().find(id).orElseThrow();
    assertThat(after.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(after.statusReason()).isNull();
    assertThat(after.tokens().refreshToken()).isNotEqualTo(before);
  }

  @Test
  void twoSigningKeyRotationsSecondsApartDuringRefreshesKeepTheConnectionAlive() throws Exception {
    keycloak.createUser("alice", true);
    signLink(OfflineAccess.AUTO);
    assertThat(profile.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThat(profile.scopes()).contains("offline_access"); // Keycloak announces it
    Connection c = connect("alice");
    Secret first = c.tokens().refreshToken();
    assertActiveAndRefreshing(c.id());

    keycloak.rotateSigningKey();
    assertActiveAndRefreshing(c.id());
    Thread.sleep(2000);
    keycloak.rotateSigningKey();
    assertActiveAndRefreshing(c.id());
    assertActiveAndRefreshing(c.id());

    // the realm really rotates strictly: the first refresh token is spent
    Throwable reuse = catchThrowable(() -> tokenClient.refresh(profile, first, null));
    assertThat(reuse)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class, e -> assertThat(e.isInvalidGrant()).isTrue());
  }

  @Test
  void aUserWithoutTheOfflineRoleIsToldWhyAndConnectsWithOfflineAccessOff() throws Exception {
    keycloak.createUser("bob", false);
    signLink(OfflineAccess.AUTO);

    Throwable refused = catchThrowable(() -> connect("bob"));
    assertThat(refused)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> {
              assertThat(e.oauthError()).isEqualTo("not_allowed");
              assertThat(e.description()).containsIgnoringCase("offline");
            });
    closeSignLink();

    signLink(OfflineAccess.NEVER);
    Connection c = connect("bob");
    assertThat(c.scopes()).doesNotContain("offline_access");
    assertThat(c.refreshDeadline()).isNotNull(); // an online session: refresh_expires_in
    assertThat(c.email()).isEqualTo("bob@example.com");
    assertActiveAndRefreshing(c.id());
  }

  @Test
  void aReconnectDoesNotLeaveAnOrphanOfflineSession() throws Exception {
    String userId = keycloak.createUser("carol", true);
    signLink(OfflineAccess.AUTO);
    Connection first = connect("carol");
    assertThat(keycloak.offlineSessions(userId)).isEqualTo(1);

    Connection again = connect("carol");

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(keycloak.offlineSessions(userId)).isEqualTo(1);
    assertActiveAndRefreshing(again.id());
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> out = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
