package io.signlink.bench.lifecycle;

import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenRefresher;
import io.signlink.emulator.DemoClients;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.InMemoryPendingAuthorizationStore;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.docusign.DocuSignAccountResolver;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SignLink's production consent and refresh path pointed at the emulator's DocuSign, for the load
 * drivers: {@link ConnectFlow} (auto-approved consent) and {@link OAuthTokenRefresher}.
 * Thread-safe.
 */
final class EmulatorConnections {
  static final String REDIRECT = "http://127.0.0.1/callback/docusign";
  private final ProviderRegistry providers;
  private final TokenClient tokenClient;
  private final HttpTransport http;
  private final Clock clock;

  EmulatorConnections(URI accountBase, Clock clock) {
    this.clock = clock;
    this.http = new JdkHttpTransport();
    this.providers =
        ProviderRegistry.of(
            new Provider(
                DocuSignProfiles.at(
                        accountBase,
                        DemoClients.DOCUSIGN_INTEGRATION_KEY,
                        Secret.of(DemoClients.DOCUSIGN_SECRET),
                        true)
                    .build(),
                new DocuSignAccountResolver(new JsonFetcher(http), clock),
                null));
    this.tokenClient = new TokenClient(http, clock);
  }

  TokenRefresher refresher() {
    return new OAuthTokenRefresher(providers, tokenClient);
  }

  Connection connect(ConnectionStore store, String owner) {
    ConnectFlow flow =
        new ConnectFlow(
            providers,
            new InMemoryPendingAuthorizationStore(clock),
            store,
            tokenClient,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(URI.create("http://127.0.0.1:9")),
            clock,
            null);
    AuthorizationStart start = flow.begin(DocuSignProfiles.ID, owner, null, null);
    HttpResult redirect =
        http.send(HttpRequest.newBuilder(start.authorizationUrl()).GET().build(), 64 * 1024);
    URI location = URI.create(redirect.header("Location").orElseThrow());
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : location.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return flow.complete(DocuSignProfiles.ID, params, null).connection();
  }
}
