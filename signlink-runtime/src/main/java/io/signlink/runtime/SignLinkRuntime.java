package io.signlink.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.application.ApplicationStore;
import io.signlink.connection.AuthorizedCall;
import io.signlink.connection.BackgroundRefresher;
import io.signlink.connection.BackgroundRefresherSettings;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.ConnectionEvents;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.error.StoreException;
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
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.definition.DefinedApi;
import io.signlink.provider.definition.DefinedProviders;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.runtime.webhook.ApplicationWebhooks;
import io.signlink.runtime.webhook.WebhookDelivery;
import io.signlink.runtime.webhook.WebhookDispatcher;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part SignLink runs on, in dependency order, and closes them in
 * reverse. No framework — read the constructor top to bottom. Usable without HTTP: an application
 * opens one with {@link #builder()} (its own {@code DataSource}, keyset, {@code MeterRegistry},
 * scheduler, clock and providers), the CLI opens one for {@code connections}, {@code token}, {@code
 * refresh} …, and the server ({@code signlink-server}) puts routes in front of one. The background
 * refresher only runs after {@link #startBackgroundRefresh()}.
 *
 * <p>{@link #close()} closes what the runtime created — its pools, its threads — and nothing it was
 * given: the application's {@code DataSource}, {@code MeterRegistry}, scheduler and HTTP transport
 * stay open.
 *
 * <p>Thread-safe once opened: every part it hands out is.
 */
public final class SignLinkRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkRuntime.class);

  /** How long a delivered webhook stays listed in the API. */
  static final Duration KEEP_DELIVERED = Duration.ofDays(7);

  /** How long a given-up webhook delivery stays listed, and can be sent again. */
  static final Duration KEEP_FAILED = Duration.ofDays(30);

  private final Deque<AutoCloseable> closeables;
  private final SignLinkConfig config;
  private final Clock clock;
  private final HttpTransport http;
  private final SignLinkMetrics metrics;
  private final ConnectionEvents events;
  private final DefinedProviders definedProviders;
  private final ProviderRegistry providers;
  private final SignLinkStore store;
  private final TokenClient tokenClient;
  private final TokenManager tokens;
  private final BackgroundRefresher refresher;
  private final ConnectFlow connectFlow;
  private final AuthorizedCall authorizedCalls;
  private final ConnectionRemoval removal;
  private final WebhookDispatcher webhooks;
  private final WebhookDelivery webhookDelivery;
  private final ApplicationWebhooks applicationWebhooks;
  private final Housekeeping housekeeping;

  private final ScheduledExecutorService scheduler;

  private SignLinkRuntime(Builder b, SignLinkConfig config, Deque<AutoCloseable> closeables) {
    this.closeables = closeables;
    this.config = config;
    this.clock = b.clock;
    this.http = b.http != null ? b.http : new JdkHttpTransport();
    this.scheduler = b.scheduler;
    // 1. Metrics and the event fan-out: every later part reports into them.
    this.metrics = own(new SignLinkMetrics());
    if (b.meterRegistry != null) {
      metrics.publishTo(b.meterRegistry);
    }
    this.events = new ConnectionEvents();
    events.register(metrics);
    // 2. Providers: profiles, account resolvers, ID-token verifiers (OIDC discovery runs here),
    // from the definitions and hooks every later consumer of a provider's API also reads.
    // A config's SIGNLINK_PROVIDER_DEFINITIONS add to the builder's definitions, never replace one.
    this.definedProviders =
        new DefinedProviders(
            config
                .definitionFiles()
                .addTo(b.definitions != null ? b.definitions : ProviderDefinitions.builtIn()),
            b.hooks != null ? b.hooks : DefinitionHooks.builtIn(),
            http,
            clock);
    this.providers = ProviderAssembly.build(config.providers(), definedProviders);
    // 3. The encrypted store: connections, pending authorizations, event log, API keys.
    this.store = own(SignLinkStore.open(storeConfig(config, clock, b.dataSource, b.keyset)));
    events.registerRecorder(store.events());
    // 4. Webhooks, each event to its application's own (the global one is the default
    // application's): written to the outbox in the transaction of the change that caused the
    // event, and delivered from there by any instance (not started: the server delivers, CLI
    // commands only write). The event log and the outbox are recorders for that reason.
    this.applicationWebhooks =
        new ApplicationWebhooks(store.applications(), config.webhooks(), System::nanoTime);
    this.webhookDelivery =
        own(
            new WebhookDelivery(
                store.webhookOutbox(),
                applicationWebhooks::known,
                http,
                clock,
                WebhookDelivery.Settings.defaults(),
                WebhookDelivery.instanceName()));
    metrics.countWebhookDeliveries(
        webhookDelivery,
        WebhookDelivery::delivered,
        WebhookDelivery::retried,
        WebhookDelivery::gaveUp);
    this.webhooks =
        new WebhookDispatcher(
            applicationWebhooks,
            store.webhookOutbox(),
            WebhookDelivery.Settings.defaults().retries().retryFor(),
            webhookDelivery::wake);
    events.registerRecorder(webhooks);
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
    TokenManager.Builder tokenManager =
        TokenManager.builder(store.connections(), new OAuthTokenRefresher(providers, tokenClient))
            .settings(
                config
                    .refresh()
                    .applyTo(TokenManagerSettings.builder().reconnectUrl(reconnectUrls()))
                    .build())
            .refreshTokenPolicies(refreshTokenPolicies(providers))
            .clock(clock)
            .events(events);
    if (scheduler != null) {
      tokenManager.heartbeats(scheduler);
    }
    this.tokens = own(tokenManager.build());
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
                    () -> store.pendingAuthorizations().purgeExpired(clock.instant()))
                .add(
                    "webhook deliveries",
                    () ->
                        store
                            .webhookOutbox()
                            .purge(
                                clock.instant().minus(KEEP_DELIVERED),
                                clock.instant().minus(KEEP_FAILED))));
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
    return builder(config).build();
  }

  /**
   * Opens everything with a given clock and transport (tests, the demo). If a part fails to open,
   * the parts opened before it are closed and the failure is rethrown.
   */
  public static SignLinkRuntime open(SignLinkConfig config, Clock clock, HttpTransport http) {
    return builder(config).clock(clock).http(http).build();
  }

  /**
   * A builder with the defaults of an empty configuration: no provider, SQLite in {@code
   * ~/.signlink}, callbacks on {@code http://127.0.0.1:8080}. Name the providers, the database and
   * the public URL.
   */
  public static Builder builder() {
    return new Builder(SignLinkConfig.builder(), false);
  }

  /** A builder that starts from {@code config} (e.g. {@link SignLinkConfig#fromEnvironment}). */
  public static Builder builder(SignLinkConfig config) {
    boolean defaultDatabase =
        config.databaseUrl().equals("jdbc:sqlite:" + config.dataDir().resolve("signlink.db"));
    return new Builder(config.toBuilder(), defaultDatabase);
  }

  /**
   * Starts refreshing due connections in the background (the server does; CLI commands don't), on
   * the builder's scheduler when one was given.
   */
  public void startBackgroundRefresh() {
    if (scheduler != null) {
      refresher.start(scheduler);
    } else {
      refresher.start();
    }
  }

  /**
   * Starts delivering webhooks from the outbox (the server does; CLI commands only write events,
   * which a running server then delivers).
   */
  public void startWebhookDelivery() {
    webhookDelivery.start();
  }

  /** The webhook sender of this instance. */
  public WebhookDelivery webhookDelivery() {
    return webhookDelivery;
  }

  /** Writes the events applications' webhooks want into the outbox. */
  public WebhookDispatcher webhookDispatcher() {
    return webhooks;
  }

  /** Starts deleting expired rows on a schedule (the server does; CLI commands don't). */
  public void startHousekeeping() {
    if (scheduler != null) {
      housekeeping.start(scheduler);
    } else {
      housekeeping.start();
    }
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
    // at the connection's own shard or data centre when its redirect named one
    return tokenClient.revoke(provider.get().profileFor(c.callbackValues()), token, hint)
        == RevocationResult.REVOKED;
  }

  static StoreConfig storeConfig(
      SignLinkConfig config, Clock clock, DataSource dataSource, KeysetSource keyset) {
    StoreConfig.Builder b = StoreConfig.builder().dataDir(config.dataDir()).clock(clock);
    if (dataSource != null) {
      b.dataSource(dataSource);
    } else {
      b.jdbcUrl(config.databaseUrl());
    }
    if (keyset != null) {
      b.keyset(keyset);
    } else if (config.keysetJson() != null) {
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

  /**
   * The provider definitions and hooks this runtime was built with ({@link Builder#definitions},
   * {@link Builder#hooks}): the one source every consumer of a provider's definition reads — the
   * providers, the console's test call, the CLI's {@code call}, the proxy.
   */
  public DefinedProviders definedProviders() {
    return definedProviders;
  }

  /**
   * The connection's API as its provider's definition describes it (API root, {@code Authorization}
   * scheme, error reader, test call), with the connection's token and the one refresh-and-retry on
   * a 401.
   *
   * @throws io.signlink.error.ConfigurationException when the connection's provider is not
   *     configured, or the connection lacks what the API root needs (reconnect it)
   */
  public DefinedApi definedApi(Connection connection) {
    return definedProviders.api(
        providers.require(connection.providerId()).profile(),
        connection,
        bearerTokens(connection.id()));
  }

  public SignLinkStore store() {
    return store;
  }

  public ConnectionStore connections() {
    return store.connections();
  }

  /** The applications (their webhook URLs, return URLs, API keys' owners). */
  public ApplicationStore applications() {
    return store.applications();
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

  /**
   * A ready API client for a connection, from the provider client's {@code forConnection} factory
   * (e.g. {@code signlink.apiClient(id, DocuSignApiClient::forConnection)}): it sends the
   * connection's token, refreshes once on a 401 and retries once.
   *
   * @throws StoreException {@code NOT_FOUND} when there is no such connection
   */
  public <C> C apiClient(String connectionId, ApiClientFactory<C> factory) {
    Connection c =
        store
            .connections()
            .find(connectionId)
            .orElseThrow(
                () ->
                    new StoreException(
                        StoreException.Kind.NOT_FOUND,
                        "No connection "
                            + connectionId
                            + "; list them with connections().list(0, 50) or connect one first",
                        null));
    return factory.create(http, ApiCallSettings.defaults(), c, bearerTokens(connectionId));
  }

  /** The connection's token for any HTTP client, with the refresh-once rule on a 401. */
  public BearerTokens bearerTokens(String connectionId) {
    return new ConnectionBearerTokens(tokens, connectionId);
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

  /**
   * Opens a {@link SignLinkRuntime} from the application's own parts. Everything handed in here
   * stays the application's: {@link SignLinkRuntime#close()} never closes it. Not thread-safe.
   */
  public static final class Builder {
    private final SignLinkConfig.Builder settings;
    private DataSource dataSource;
    private KeysetSource keyset;
    private MeterRegistry meterRegistry;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private HttpTransport http;
    private ProviderDefinitions definitions;
    private DefinitionHooks hooks;
    private boolean databaseFollowsDataDir;

    private Builder(SignLinkConfig.Builder settings, boolean databaseFollowsDataDir) {
      this.settings = settings;
      this.databaseFollowsDataDir = databaseFollowsDataDir;
    }

    /**
     * The application's PostgreSQL pool (e.g. a {@code HikariDataSource}): SignLink migrates its
     * tables through it, borrows its connections (one is held for the change listener) and never
     * closes it. Instead of {@link #jdbcUrl}.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * A database SignLink opens and pools itself: {@code jdbc:sqlite:/path/signlink.db} (one
     * instance) or {@code jdbc:postgresql://…} (several).
     */
    public Builder jdbcUrl(String jdbcUrl) {
      settings.databaseUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
      databaseFollowsDataDir = false;
      return this;
    }

    /**
     * Where SignLink keeps files: the default SQLite database and its generated keyset (default
     * {@code ~/.signlink}).
     */
    public Builder dataDir(Path dataDir) {
      settings.dataDir(Objects.requireNonNull(dataDir, "dataDir"));
      if (databaseFollowsDataDir) {
        settings.databaseUrl(null); // the default database moves with the folder
      }
      return this;
    }

    /** The keyset that encrypts stored tokens (SECURITY.md §key-management). */
    public Builder keyset(KeysetSource keyset) {
      this.keyset = Objects.requireNonNull(keyset, "keyset");
      return this;
    }

    /** Where SignLink's meters go ({@code signlink.refreshes}, …), beside any other registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Runs SignLink's timers (background refresh passes, housekeeping, refresh-lease renewals);
     * SignLink cancels its tasks on close and leaves the scheduler running. Without one, SignLink
     * starts daemon threads of its own and stops them on close.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** The clock expiry, leases and timestamps are judged by (default: the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How SignLink reaches providers (default: a JDK {@code HttpClient} transport). */
    public Builder http(HttpTransport http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The provider definitions to build providers from (default {@link
     * ProviderDefinitions#builtIn()}: every definition on the class path), e.g. {@code
     * ProviderDefinitions.builtIn().with(ProviderDefinitions.read("acme.json", in))}. Configure a
     * client of a definition added here with {@link #provider}. A configuration's {@code
     * SIGNLINK_PROVIDER_DEFINITIONS} ({@link SignLinkConfig#definitionFiles()}) is added to these;
     * a file whose id or settings prefix they already have fails {@link #build()}.
     */
    public Builder definitions(ProviderDefinitions definitions) {
      this.definitions = Objects.requireNonNull(definitions, "definitions");
      return this;
    }

    /**
     * The named strategies definitions may call on (default {@link DefinitionHooks#builtIn()}),
     * e.g. {@code DefinitionHooks.builtIn().withApiErrors("acme", reader)}. They reach every part
     * that reads a definition: provider assembly, the console's test call, the CLI, the proxy.
     */
    public Builder hooks(DefinitionHooks hooks) {
      this.hooks = Objects.requireNonNull(hooks, "hooks");
      return this;
    }

    /** Adds a provider, with its client id and secret (see {@link ProviderSettings}). */
    public Builder provider(ProviderSettings provider) {
      settings.provider(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * The URL browsers and providers reach the application's callback under: redirect URIs are
     * {@code {publicUrl}/callback/{provider}} (https unless loopback).
     */
    public Builder publicUrl(URI publicUrl) {
      settings.publicUrl(Objects.requireNonNull(publicUrl, "publicUrl"));
      return this;
    }

    /**
     * Opens the runtime. If a part fails to open, the parts opened before it are closed and the
     * failure is rethrown.
     *
     * @return the opened runtime; close it once
     * @throws io.signlink.error.ConfigurationException for a setting that cannot work, naming it
     */
    public SignLinkRuntime build() {
      SignLinkConfig config = settings.build();
      Deque<AutoCloseable> opened = new ArrayDeque<>();
      SignLinkRuntime runtime;
      try {
        runtime = new SignLinkRuntime(this, config, opened);
      } catch (RuntimeException e) {
        closeAll(opened);
        throw e;
      }
      LOG.info("signlink runtime opened: {}, store {}", config, runtime.store.describe());
      return runtime;
    }
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
