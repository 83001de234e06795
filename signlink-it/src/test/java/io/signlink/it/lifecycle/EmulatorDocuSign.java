package io.signlink.it.lifecycle;

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
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.RefreshTokenPolicy;
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
 * SignLink's production protocol path pointed at the emulator's DocuSign: {@link ConnectFlow} for a
 * real consent (PKCE, auto-approved, code exchange, userinfo accounts) and {@link
 * OAuthTokenRefresher} over {@link TokenClient} for refreshes. Thread-safe.
 */
final class EmulatorDocuSign {
  static final URI PUBLIC_BASE = URI.create("http://127.0.0.1:9");
  static final String REDIRECT = "http://127.0.0.1/callback/docusign";

  final URI accountBase;
  final Clock clock;
  final HttpTransport http;
  final ProviderRegistry providers;
  final TokenClient tokenClient;
  final ProviderProfile profile;
  final Duration reuseGrace;

  EmulatorDocuSign(URI accountBase, Clock clock) {
    this(
        accountBase,
        clock,
        DemoClients.DOCUSIGN_SECRET,
        new JdkHttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  EmulatorDocuSign(URI accountBase, Clock clock, String secret, HttpTransport http) {
    this(accountBase, clock, secret, http, null);
  }

  private EmulatorDocuSign(
      URI accountBase, Clock clock, String secret, HttpTransport http, Duration reuseGrace) {
    this.accountBase = accountBase;
    this.clock = clock;
    this.http = http;
    this.reuseGrace = reuseGrace;
    ProviderProfile.Builder builder =
        DocuSignProfiles.at(
            accountBase, DemoClients.DOCUSIGN_INTEGRATION_KEY, Secret.of(secret), true);
    if (reuseGrace != null) {
      builder.refreshTokenPolicy(builder.build().refreshTokenPolicy().withReuseGrace(reuseGrace));
    }
    ProviderProfile profile = builder.build();
    this.profile = profile;
    this.providers =
        ProviderRegistry.of(
            new Provider(
                profile,
                new DocuSignAccountResolver(new JsonFetcher(http), clock, Duration.ofSeconds(1)),
                null));
    this.tokenClient = new TokenClient(http, clock);
  }

  /**
   * The same client with another secret (an expired or wrong client secret, SECURITY.md §cooldown).
   */
  EmulatorDocuSign withSecret(String secret) {
    return new EmulatorDocuSign(accountBase, clock, secret, http);
  }

  /** The same provider over another transport (e.g. one with a short timeout). */
  EmulatorDocuSign withTransport(HttpTransport transport) {
    return new EmulatorDocuSign(accountBase, clock, DemoClients.DOCUSIGN_SECRET, transport);
  }

  /** The same provider declaring a refresh-token reuse grace (as an emulator started with one). */
  EmulatorDocuSign withReuseGrace(Duration grace) {
    return new EmulatorDocuSign(accountBase, clock, DemoClients.DOCUSIGN_SECRET, http, grace);
  }

  /** The provider's refresh-token policy, for {@code TokenManager.Builder#refreshTokenPolicies}. */
  Map<String, RefreshTokenPolicy> policies() {
    return Map.of(profile.id(), profile.refreshTokenPolicy());
  }

  TokenRefresher refresher() {
    return new OAuthTokenRefresher(providers, tokenClient);
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
            .orElseThrow(
                () ->
                    new AssertionError("the emulator did not redirect back: " + redirect.status()));
    return flow.complete(DocuSignProfiles.ID, query(URI.create(location)), null).connection();
  }

  /** True when the emulator's userinfo accepts {@code accessToken}. */
  boolean accepts(Secret accessToken) {
    HttpResult r =
        http.send(
            HttpRequest.newBuilder(URI.create(accountBase + "/oauth/userinfo"))
                .header("Authorization", "Bearer " + accessToken.reveal())
                .GET()
                .build(),
            64 * 1024);
    return r.status() == 200;
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
}
