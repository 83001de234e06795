package io.signlink.runtime;

import io.signlink.connection.AuthorizedCall;
import io.signlink.connection.BackgroundRefresher;
import io.signlink.connection.BackgroundRefresherSettings;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvents;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.RevocationResult;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenTypeHint;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.RefreshTokenPolicy;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.runtime.webhook.ApplicationWebhooks;
import io.signlink.runtime.webhook.WebhookDispatcher;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part SignLink runs on from a {@link SignLinkConfig}, in
 * dependency order, and closes them in reverse. No framework — read the constructor top to bottom.
 * Usable without HTTP: the CLI opens a runtime for {@code connections}, {@code token}, {@code
 * refresh} … and the server ({@code signlink-server}) puts routes in front of one. The background
 * refresher only runs after {@link #startBackgroundRefresh()}.
 *
 * <p>Thread-safe once opened: every part it hands out is.
 */
public final class SignLinkRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkRuntime.class);

  private final Deque<AutoCloseable> closeables;
  private final SignLinkConfig config;
  private final Clock clock;
  private final HttpTransport http;
  private final SignLinkMetrics metrics;
  private final ConnectionEvents events;
  private final ProviderRegistry providers;
  private final SignLinkStore store;
  private final TokenClient tokenClient;
  private final TokenManager tokens;
  private final BackgroundRefresher refresher;
  private final ConnectFlow connectFlow;
  private final AuthorizedCall authorizedCalls;
  private final ConnectionRemoval removal;
  private final WebhookDispatcher webhooks;
  private final ApplicationWebhooks applicationWebhooks;
  private final Housekeeping housekeeping;

  private SignLinkRuntime(
      SignLinkConfig config, Clock clock, HttpTransport http, Deque<AutoCloseable> closeables) {
    this.closeables = closeables;
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
    // 1. Metrics and the event fan-out: every later part reports into them.
    this.metrics = own(new SignLinkMetrics());
    this.events = new ConnectionEvents();
    events.register(metrics);
    // 2. Providers: profiles, account resolvers, ID-token verifiers (OIDC discovery runs here).
    this.providers = ProviderAssembly.build(config.providers(), http, clock);
    // 3. The encrypted store: connections, pending authorizations, event log, API keys.
    this.store = own(SignLinkStore.open(storeConfig(config, clock)));
    events.register(store.events());
    // 4. Webhooks, each event to its application's own (the global one is the default
    // application's): a bounded queue, never blocking the event's thread.
    this.applicationWebhooks =
        new ApplicationWebhooks(store.applications(), config.webhooks(), System::nanoTime);
    this.webhooks =
        own(
            new WebhookDispatcher(
                applicationWebhooks, http, clock, WebhookDispatcher.Settings.defaults()));
    events.register(webhooks);
    // 5. The protocol: token endpoint client and the consent flow.
    this.tokenClient = new TokenClient(http, clock);
    this.connectFlow =
        new ConnectFlow(
            providers,
            store.pendingAuthorizations(),
            store.connections(),
            tokenClient,
            new AuthorizationRequests(clock),
            ConnectFlow.callbackUrls(config.effectivePublicUrl()),
            clock,
            events);
    // 6. The token lifecycle: hand-out and refresh, then the background refresher (not started).
    // OAuthTokenRefresher re-checks a refreshed ID token against the original (SECURITY.md
    // §refreshed-id-token).
    this.tokens =
        own(
            TokenManager.builder(
                    store.connections(), new OAuthTokenRefresher(providers, tokenClient))
                .settings(
                    config
                        .refresh()
                        .applyTo(TokenManagerSettings.builder().reconnectUrl(reconnectUrls()))
                        .build())
                .refreshTokenPolicies(refreshTokenPolicies(providers))
                .clock(clock)
                .events(events)
                .build());
    tokens.followStoreChanges();
    this.refresher =
        own(
            new BackgroundRefresher(
                store.connections(),
                tokens,
                BackgroundRefresherSettings.defaults(),
                clock,
                new SecureRandom()));
    // 7. What the API and console do with connections.
    this.authorizedCalls =
        new AuthorizedCall(tokens, http, ApiCallSettings.DEFAULT_MAX_RESPONSE_BYTES);
    this.removal =
        new ConnectionRemoval(store.connections(), tokens, this::revokeAtProvider, events, clock);
    // 8. Expired rows that anonymous requests create are deleted on a schedule (not started).
    this.housekeeping =
        own(
            new Housekeeping(Housekeeping.DEFAULT_INTERVAL)
                .add(
                    "pending authorizations",
                    () -> store.pendingAuthorizations().purgeExpired(clock.instant())));
  }

  /** Each configured provider's documented refresh-token reuse grace and idle limit. */
  private static Map<String, RefreshTokenPolicy> refreshTokenPolicies(ProviderRegistry registry) {
    Map<String, RefreshTokenPolicy> out = new HashMap<>();
    for (Provider p : registry.all()) {
      out.put(p.profile().id(), p.profile().refreshTokenPolicy());
    }
    return out;
  }

  /** Opens everything for {@code config} on the system clock and the JDK HTTP client. */
  public static SignLinkRuntime open(SignLinkConfig config) {
    return open(config, Clock.systemUTC(), new JdkHttpTransport());
  }

  /**
   * Opens everything with a given clock and transport (tests, the demo). If a part fails to open,
   * the parts opened before it are closed and the failure is rethrown.
   */
  public static SignLinkRuntime open(SignLinkConfig config, Clock clock, HttpTransport http) {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    SignLinkRuntime runtime;
    try {
      runtime = new SignLinkRuntime(config, clock, http, opened);
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
    LOG.info("signlink runtime opened: {}, store {}", config, runtime.store.describe());
    return runtime;
  }

  /** Starts refreshing due connections in the background (the server does; CLI commands don't). */
  public void startBackgroundRefresh() {
    refresher.start();
  }

  /** Starts deleting expired rows on a schedule (the server does; CLI commands don't). */
  public void startHousekeeping() {
    housekeeping.start();
  }

  /** The scheduled deletion of expired rows; {@link Housekeeping#runOnce()} runs it now. */
  public Housekeeping housekeeping() {
    return housekeeping;
  }

  /**
   * Where a connection that needs consent again is handled: its console page, whose Reconnect
   * button opens a reconnect session. Applications create one for their end user with {@code POST
   * /api/connections/{id}/connect-session} (SECURITY.md §connect-sessions).
   */
  public Function<Connection, String> reconnectUrls() {
    String base = config.effectivePublicUrl().toString();
    return c -> base + "/console/connections/" + URLEncoder.encode(c.id(), StandardCharsets.UTF_8);
  }

  /** RFC 7009: revoke the refresh token (which ends the grant) where the provider allows it. */
  private boolean revokeAtProvider(Connection c) {
    var provider = providers.find(c.providerId());
    if (provider.isEmpty() || c.tokens() == null) {
      return false;
    }
    var token =
        c.tokens().refreshToken() != null ? c.tokens().refreshToken() : c.tokens().accessToken();
    var hint =
        c.tokens().refreshToken() != null
            ? TokenTypeHint.REFRESH_TOKEN
            : TokenTypeHint.ACCESS_TOKEN;
    return tokenClient.revoke(provider.get().profile(), token, hint) == RevocationResult.REVOKED;
  }

  static StoreConfig storeConfig(SignLinkConfig config, Clock clock) {
    StoreConfig.Builder b =
        StoreConfig.builder().dataDir(config.dataDir()).jdbcUrl(config.databaseUrl()).clock(clock);
    if (config.keysetJson() != null) {
      b.keyset(new KeysetSource.InlineKeyset("SIGNLINK_KEYSET", config.keysetJson()));
    } else if (config.keysetFile() != null) {
      b.keyset(new KeysetSource.FileKeyset(config.keysetFile(), false));
    }
    return b.build();
  }

  public SignLinkConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public HttpTransport http() {
    return http;
  }

  public SignLinkMetrics metrics() {
    return metrics;
  }

  /** The event fan-out; register more listeners here. */
  public ConnectionEvents events() {
    return events;
  }

  public ProviderRegistry providers() {
    return providers;
  }

  public SignLinkStore store() {
    return store;
  }

  public ConnectionStore connections() {
    return store.connections();
  }

  public TokenClient tokenClient() {
    return tokenClient;
  }

  public TokenManager tokens() {
    return tokens;
  }

  public BackgroundRefresher backgroundRefresher() {
    return refresher;
  }

  public ConnectFlow connectFlow() {
    return connectFlow;
  }

  /** Provider API calls with the connection's token and one refresh-and-retry on 401. */
  public AuthorizedCall authorizedCalls() {
    return authorizedCalls;
  }

  /** Revoke-then-delete of a connection (SECURITY.md §revocation). */
  public ConnectionRemoval removal() {
    return removal;
  }

  /** Where each application's webhook goes; tell it when an application changes. */
  public ApplicationWebhooks applicationWebhooks() {
    return applicationWebhooks;
  }

  /** Throws when the database does not answer (for {@code /readyz}). */
  public void ping() {
    store.ping();
  }

  private <T extends AutoCloseable> T own(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  /** Closes every part in the reverse order of opening; failures are logged, not thrown. */
  @Override
  public void close() {
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn(
            "closing {} failed: {}", c.getClass().getSimpleName(), e.getClass().getSimpleName());
      }
    }
  }
}
