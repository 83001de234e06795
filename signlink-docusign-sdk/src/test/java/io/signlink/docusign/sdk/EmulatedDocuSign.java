package io.signlink.docusign.sdk;

import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.InMemoryPendingAuthorizationStore;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.JsonFetcher;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.docusign.DocuSignAccountResolver;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulator's DocuSign with SignLink's production path in front of it: a real consent through
 * {@link ConnectFlow} (auto-approved) and refreshes through {@link OAuthTokenRefresher}. Not
 * thread-safe to build; the parts are.
 */
final class EmulatedDocuSign implements AutoCloseable {
  static final URI PUBLIC_BASE = URI.create("http://127.0.0.1:9");
  static final String REDIRECT = "http://127.0.0.1/callback/docusign";

  final Emulator emulator =
      Emulator.start(EmulatorConfig.builder().autoApprove(true).redirectUri(REDIRECT).build());
  final HttpTransport http = new JdkHttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(10));
  final ProviderRegistry providers;
  final TokenClient tokenClient;
  final Clock clock;

  EmulatedDocuSign(Clock clock) {
    this.clock = clock;
    ProviderProfile profile =
        DocuSignProfiles.at(
                emulator.docuSignAccountBase(),
                DemoClients.DOCUSIGN_INTEGRATION_KEY,
                Secret.of(DemoClients.DOCUSIGN_SECRET),
                true)
            .build();
    providers =
        ProviderRegistry.of(
            new io.signlink.provider.Provider(
                profile,
                new DocuSignAccountResolver(new JsonFetcher(http), clock, Duration.ofSeconds(1)),
                null));
    tokenClient = new TokenClient(http, clock);
  }

  TokenManager tokenManager(ConnectionStore store) {
    return TokenManager.builder(store, new OAuthTokenRefresher(providers, tokenClient))
        .clock(clock)
        .build();
  }

  /** A full consent flow for {@code owner}; returns the stored connection. */
  Connection connect(ConnectionStore store, String owner) {
    ConnectFlow flow =
        new ConnectFlow(
            providers,
            new InMemoryPendingAuthorizationStore(clock),
            store,
            tokenClient,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(PUBLIC_BASE),
            clock,
            null);
    AuthorizationStart start = flow.begin(DocuSignProfiles.ID, owner, null, null);
    HttpResult redirect =
        http.send(HttpRequest.newBuilder(start.authorizationUrl()).GET().build(), 64 * 1024);
    String location =
        redirect
            .header("Location")
            .orElseThrow(() -> new AssertionError("no redirect back: " + redirect.status()));
    return flow.complete(DocuSignProfiles.ID, query(URI.create(location)), null).connection();
  }

  long refreshes() {
    return emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  long apiCount(String key) {
    return emulator.stats().count("docusign.api." + key);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    emulator.close();
  }
}
