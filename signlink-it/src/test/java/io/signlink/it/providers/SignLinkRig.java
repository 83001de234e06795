package io.signlink.it.providers;

import io.signlink.connection.CompletedConnection;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SignLink as an application wires it, for one test: the encrypted SQLite store in a temporary
 * directory, the real HTTP transport, the consent flow, the token manager with the production
 * refresher, and the API clients' connection token source. Close it after the test.
 */
final class SignLinkRig implements AutoCloseable {
  /** The emulator registers {@code http://127.0.0.1/callback/{provider}} for its demo clients. */
  static final URI PUBLIC_BASE = URI.create("http://127.0.0.1");

  final Clock clock = Clock.systemUTC();
  final JdkHttpTransport http = new JdkHttpTransport();
  final ProviderRegistry providers;
  final SignLinkStore store;
  final TokenClient tokenClient = new TokenClient(http, clock);
  final ConnectFlow flow;
  final TokenManager tokens;
  final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  final ApiCallSettings apiSettings = ApiCallSettings.defaults();

  SignLinkRig(Path dataDir, URI publicBase, Provider... configured) {
    providers = ProviderRegistry.of(configured);
    store = SignLinkStore.open(StoreConfig.builder().dataDir(dataDir).clock(clock).build());
    flow =
        new ConnectFlow(
            providers,
            store.pendingAuthorizations(),
            store.connections(),
            tokenClient,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(publicBase),
            clock,
            events::add);
    tokens =
        TokenManager.builder(store.connections(), new OAuthTokenRefresher(providers, tokenClient))
            .clock(clock)
            .settings(
                TokenManagerSettings.builder()
                    .reconnectUrl(
                        c -> publicBase + "/connect/" + c.providerId() + "?owner=" + c.owner())
                    .build())
            .events(events::add)
            .build();
  }

  SignLinkRig(Path dataDir, Provider... configured) {
    this(dataDir, PUBLIC_BASE, configured);
  }

  ProviderProfile profile(String providerId) {
    return providers.require(providerId).profile();
  }

  ConnectionStore connections() {
    return store.connections();
  }

  /** Begin, consent in the browser, and complete with the redirect's parameters. */
  CompletedConnection connect(
      String providerId, String owner, ConsentBrowser browser, String userSub) {
    AuthorizationStart start = flow.begin(providerId, owner, null, null);
    ConsentBrowser.Page page =
        browser.authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, userSub);
    if (page.location() == null) {
      throw new AssertionError("no redirect after consent: HTTP " + page.status());
    }
    return complete(providerId, page.location());
  }

  CompletedConnection complete(String providerId, URI redirect) {
    Map<String, String> params = ConsentBrowser.query(redirect);
    return flow.complete(providerId, params, null);
  }

  /** The token source the API clients use for a stored connection. */
  ConnectionBearerTokens bearer(String connectionId) {
    return new ConnectionBearerTokens(tokens, connectionId);
  }

  Connection stored(String connectionId) {
    return store.connections().find(connectionId).orElseThrow();
  }

  @Override
  public void close() {
    tokens.close();
    store.close();
  }
}
