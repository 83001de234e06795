package io.signlink.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signlink.application.Application;
import io.signlink.application.ApplicationStore;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.runtime.webhook.WebhookDelivery;
import io.signlink.server.admin.AdminRoutes;
import io.signlink.server.admin.WebhookDeliveryRoutes;
import io.signlink.server.api.AccountSelection;
import io.signlink.server.api.ApiProxy;
import io.signlink.server.api.ApiRoutes;
import io.signlink.server.api.ConnectionOwners;
import io.signlink.server.api.ProviderClient;
import io.signlink.server.api.ProxyHandler;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ConsoleSessions;
import io.signlink.server.auth.RandomTokens;
import io.signlink.server.connect.BindingCookie;
import io.signlink.server.connect.ConfirmTokens;
import io.signlink.server.connect.ConnectCaller;
import io.signlink.server.connect.ConnectPages;
import io.signlink.server.connect.ConnectRoutes;
import io.signlink.server.connect.ConnectSessionIssuer;
import io.signlink.server.connect.ConnectSessionRoutes;
import io.signlink.server.connect.PrefixReturnUrlPolicy;
import io.signlink.server.connect.ReturnUrlPolicy;
import io.signlink.server.console.ConsoleRoutes;
import io.signlink.server.console.ConsoleWebhooks;
import io.signlink.server.console.TestCalls;
import io.signlink.server.http.AccessLog;
import io.signlink.server.http.BindFailure;
import io.signlink.server.http.ClientLimits;
import io.signlink.server.http.ErrorResponder;
import io.signlink.server.http.HostCheck;
import io.signlink.server.http.RequestLimits;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.http.UrlCheck;
import io.signlink.server.ops.BoundedReadiness;
import io.signlink.server.ops.OpsRoutes;
import io.signlink.server.route.RouteTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SignLink HTTP service: routes in front of a {@link SignLinkRuntime}. {@link
 * #start(SignLinkConfig)} opens a runtime, listens, and returns once requests are served; {@link
 * #close()} stops listening, then closes the runtime it opened. Thread-safe.
 */
public final class SignLinkServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkServer.class);

  /**
   * Request bodies above this are refused with 413 by the JSON API; the proxy streams bodies and
   * has its own cap ({@code SIGNLINK_PROXY_MAX_BODY}).
   */
  public static final long MAX_REQUEST_BYTES = 1024 * 1024;

  /**
   * Routes that cap their request body themselves while streaming it, exempt from {@link
   * #MAX_REQUEST_BYTES}: the one place a route opts out of the global cap. The API proxy streams
   * bodies under its own cap ({@code SIGNLINK_PROXY_MAX_BODY}).
   */
  static final Predicate<String> OWN_BODY_CAP =
      path -> path.startsWith("/api/connections/") && path.contains("/proxy/");

  /** Request line plus headers. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private final SignLinkRuntime runtime;
  private final boolean ownsRuntime;
  private final Javalin app;
  private final List<RouteTable.Route> routes;
  private final ProviderClient proxyClient;
  private final PrometheusMeterRegistry prometheus;

  private SignLinkServer(
      SignLinkRuntime runtime,
      boolean ownsRuntime,
      Javalin app,
      List<RouteTable.Route> routes,
      ProviderClient proxyClient,
      PrometheusMeterRegistry prometheus) {
    this.runtime = runtime;
    this.prometheus = prometheus;
    this.proxyClient = proxyClient;
    this.ownsRuntime = ownsRuntime;
    this.app = app;
    this.routes = routes;
  }

  /**
   * Opens a runtime for {@code config} and serves it. Port 0 picks a free port first, so redirect
   * URIs ({@code http://127.0.0.1:PORT/callback/…}) are known before the runtime is built.
   */
  public static SignLinkServer start(SignLinkConfig config) {
    return start(config, ClientLimits.Rules.defaults());
  }

  /** As {@link #start(SignLinkConfig)} with other per-client rate limits (tests). */
  public static SignLinkServer start(SignLinkConfig config, ClientLimits.Rules limits) {
    SignLinkConfig concrete = withConcretePort(config);
    SignLinkRuntime runtime = SignLinkRuntime.open(concrete);
    try {
      return start(runtime, true, limits);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /**
   * Serves an already opened runtime (its config's port must not be 0 unless a public URL is set);
   * with {@code ownsRuntime} the server closes it on {@link #close()}.
   */
  public static SignLinkServer start(SignLinkRuntime runtime, boolean ownsRuntime) {
    return start(runtime, ownsRuntime, ClientLimits.Rules.defaults());
  }

  /** As {@link #start(SignLinkRuntime, boolean)} with other per-client rate limits (tests). */
  public static SignLinkServer start(
      SignLinkRuntime runtime, boolean ownsRuntime, ClientLimits.Rules limits) {
    return start(runtime, ownsRuntime, limits, System::nanoTime);
  }

  /**
   * As above with the rate limits' buckets refilled on {@code nanoTime} (tests that must not depend
   * on how fast the machine sends requests).
   */
  static SignLinkServer start(
      SignLinkRuntime runtime,
      boolean ownsRuntime,
      ClientLimits.Rules limits,
      LongSupplier nanoTime) {
    return start(runtime, ownsRuntime, limits, nanoTime, true);
  }

  /**
   * As above; without {@code proxyBelowJavalin} every proxied call goes through Javalin's route
   * (tests that compare the two ways of serving it).
   */
  static SignLinkServer start(
      SignLinkRuntime runtime,
      boolean ownsRuntime,
      ClientLimits.Rules limits,
      LongSupplier nanoTime,
      boolean proxyBelowJavalin) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(nanoTime, "nanoTime");
    SignLinkConfig config = runtime.config();
    ObjectMapper json = new ObjectMapper();
    ErrorResponder errors = new ErrorResponder(json);
    // /metrics scrapes this registry; the runtime's meters are published to it while serving.
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    runtime.metrics().publishTo(prometheus);
    AccessLog accessLog =
        new AccessLog(
            (method, route, status, ms) ->
                runtime
                    .metrics()
                    .requestTimed(
                        method, route, status, Duration.ofNanos((long) (ms * 1_000_000))));

    RouteTable table = new RouteTable();
    ProviderClient proxyClient = new ProviderClient();
    RandomTokens random = new RandomTokens();
    ApiKeyAuth auth =
        new ApiKeyAuth(
            runtime.store().apiKeys(), config.adminKey(), runtime.clock(), System::nanoTime);
    ConsoleSessions consoleSessions =
        new ConsoleSessions(random, runtime.clock(), config.httpsPublicUrl());
    new OpsRoutes(
            json,
            prometheus,
            new BoundedReadiness(runtime::ping, BoundedReadiness.DEFAULT_DEADLINE),
            version())
        .register(table);
    // Return URLs: the application's own allow-list, plus SIGNLINK_CONNECT_RETURN_URL_PREFIXES
    // for the default application (what existing installations configured).
    ApplicationStore applications = runtime.store().applications();
    ReturnUrlPolicy configured = new PrefixReturnUrlPolicy(config.connect().returnUrlPrefixes());
    ReturnUrlPolicy returnUrls =
        (appId, url) ->
            applications.find(appId).map(a -> a.allowsReturnUrl(url)).orElse(false)
                || (appId.equals(Application.DEFAULT_ID) && configured.allows(appId, url));
    ConnectSessionIssuer connectSessions =
        new ConnectSessionIssuer(
            runtime.store().connectSessions(),
            runtime.providers(),
            returnUrls,
            config.effectivePublicUrl(),
            json,
            runtime.clock());
    new ConnectRoutes(
            new ConnectRoutes.Parts(
                runtime.connectFlow(),
                runtime.providers(),
                runtime.store().connectSessions(),
                runtime.connections(),
                returnUrls,
                applicationId ->
                    applicationId.equals(Application.DEFAULT_ID)
                        ? config.connect().applicationName()
                        : applications
                            .find(applicationId)
                            .map(Application::name)
                            .orElse(config.connect().applicationName()),
                new BindingCookie(random, config.httpsPublicUrl()),
                new ConfirmTokens(),
                new ConnectPages(),
                runtime.metrics(),
                runtime.clock()))
        .register(table);
    new ConnectSessionRoutes(
            json, ConnectCaller.apiKeys(auth), connectSessions, runtime.connections())
        .register(table);
    ApiProxy apiProxy =
        new ApiProxy(
            runtime.tokens(),
            proxyClient,
            config.proxy(),
            runtime.providers(),
            runtime.definedProviders().definitions());
    ConnectionOwners owners = new ConnectionOwners(runtime.connections());
    new ApiRoutes(
            new ApiRoutes.Parts(
                json,
                auth,
                runtime.connections(),
                owners,
                runtime.tokens(),
                runtime.removal(),
                apiProxy,
                runtime.providers(),
                runtime.reconnectUrls(),
                runtime.clock()))
        .register(table);
    new AdminRoutes(
            new AdminRoutes.Parts(
                json,
                auth,
                runtime.store().applications(),
                runtime.store().apiKeys(),
                consoleSessions,
                runtime.applicationWebhooks(),
                runtime.clock()))
        .register(table);
    new WebhookDeliveryRoutes(
            new WebhookDeliveryRoutes.Parts(
                json,
                auth,
                runtime.store().applications(),
                runtime.store().webhookOutbox(),
                WebhookDelivery.Settings.defaults().retries().retryFor(),
                runtime.webhookDelivery()::wake))
        .register(table);
    ConsoleRoutes console =
        new ConsoleRoutes(
            new ConsoleRoutes.Parts(
                auth,
                consoleSessions,
                config.consoleOpen(),
                runtime.connections(),
                runtime.store().events(),
                runtime.tokens(),
                runtime.removal(),
                new TestCalls(runtime.tokens(), runtime.providers(), runtime.definedProviders()),
                runtime.providers(),
                runtime.definedProviders().definitions(),
                runtime.reconnectUrls(),
                connectSessions,
                new AccountSelection(runtime.connections(), runtime.tokens(), runtime.clock()),
                runtime.clock()));
    console.register(table);
    new ConsoleWebhooks(
            console,
            runtime.store().applications(),
            runtime.store().webhookOutbox(),
            WebhookDelivery.Settings.defaults().retries().retryFor(),
            runtime.webhookDelivery()::wake)
        .register(table);

    SecurityHeaders headers = new SecurityHeaders(config.httpsPublicUrl());
    HostCheck hosts =
        config.consoleOpen() ? new HostCheck(config.effectivePublicUrl().getHost()) : null;
    ClientLimits clients = new ClientLimits(limits, nanoTime);
    ProxyHandler proxyHandler =
        new ProxyHandler(
            new ProxyHandler.Parts(
                headers, hosts, clients, auth, owners, apiProxy, errors, accessLog));

    // Javalin 7 takes its routes, filters and exception handlers up front, in the configuration.
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.requestLogger.http(accessLog);
              cfg.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setRequestHeaderSize(MAX_HEADER_BYTES);
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                  });
              guard(cfg, headers, hosts, clients);
              if (proxyBelowJavalin) {
                // Outermost: in front of the body counter and the servlet context.
                cfg.jetty.modifyServer(server -> server.insertHandler(proxyHandler));
              }
              cfg.routes.exception(HttpResponseException.class, errors::respond);
              cfg.routes.exception(Exception.class, errors::respond);
              table.declareOn(cfg.routes);
            });
    try {
      app.start(config.bindAddress(), config.port());
    } catch (RuntimeException e) {
      app.stop();
      closeQuietly(proxyClient);
      unpublish(runtime, prometheus);
      RuntimeException explained = BindFailure.explain(e, config.bindAddress(), config.port());
      throw explained != null ? explained : e;
    }
    runtime.startBackgroundRefresh();
    runtime.startWebhookDelivery();
    runtime.startHousekeeping();
    SignLinkServer server =
        new SignLinkServer(runtime, ownsRuntime, app, table.routes(), proxyClient, prometheus);
    LOG.info(
        "signlink listening on {}:{}, public URL {}",
        config.bindAddress(),
        server.port(),
        config.effectivePublicUrl());
    return server;
  }

  /**
   * The checks every request passes before any route, in this order: headers (so refusals carry
   * them too), the dev-mode Host check, well-formed URL, body cap, per-client rate limits. The one
   * place where limits are wired into Javalin (SECURITY.md §request-limits, §rate-limits,
   * §dns-rebinding, §malformed-requests); {@link ProxyHandler} checks the same instances before it
   * takes a proxied call (SECURITY.md §proxy-below-javalin).
   */
  private static void guard(
      JavalinConfig cfg, SecurityHeaders headers, HostCheck hosts, ClientLimits clients) {
    // The body counter sits under the servlet layer, so every reader of the body passes it.
    cfg.jetty.modifyServer(server -> server.insertHandler(RequestLimits.bodyCounting()));
    RoutesConfig app = cfg.routes;
    RequestLimits bodies = new RequestLimits(MAX_REQUEST_BYTES, OWN_BODY_CAP);
    // One before-handler running the checks in order (the first that throws ends the request, as
    // with separate handlers): Javalin matches each before-handler's path against the request
    // path, and five matches per request were a measurable part of a proxied call's cost.
    app.before(
        ctx -> {
          headers.apply(ctx);
          if (hosts != null) {
            hosts.apply(ctx);
          }
          UrlCheck.apply(ctx);
          bodies.apply(ctx);
          clients.before(ctx);
        });
    app.after(clients::after);
  }

  /** The port actually listened on. */
  public int port() {
    return app.port();
  }

  /** The URL browsers and providers use: {@code SIGNLINK_PUBLIC_URL}, or the bound address. */
  public URI baseUri() {
    return runtime.config().effectivePublicUrl();
  }

  public SignLinkRuntime runtime() {
    return runtime;
  }

  /** Every route served, as documented in {@code /openapi.json}. */
  public List<RouteTable.Route> routes() {
    return routes;
  }

  /** The underlying Javalin app, for tests that inspect its router. */
  Javalin javalin() {
    return app;
  }

  @Override
  public void close() {
    app.stop();
    closeQuietly(proxyClient);
    unpublish(runtime, prometheus);
    if (ownsRuntime) {
      runtime.close();
    }
  }

  private static void unpublish(SignLinkRuntime runtime, PrometheusMeterRegistry prometheus) {
    runtime.metrics().stopPublishingTo(prometheus);
    prometheus.close();
  }

  private static void closeQuietly(ProviderClient client) {
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing the proxy's provider client: {}", e.getClass().getSimpleName());
    }
  }

  static SignLinkConfig withConcretePort(SignLinkConfig config) {
    if (config.port() != 0) {
      return config;
    }
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByName(config.bindAddress()))) {
      return config.toBuilder().port(socket.getLocalPort()).build();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + config.bindAddress(), e);
    }
  }

  private static String version() {
    String v = SignLinkServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
