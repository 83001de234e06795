package io.signlink.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.signlink.server.api.ApiProxy;
import io.signlink.server.api.ApiRoutes;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ConsoleSessions;
import io.signlink.server.auth.RandomTokens;
import io.signlink.server.config.SignLinkConfig;
import io.signlink.server.connect.BindingCookie;
import io.signlink.server.connect.ConfirmTokens;
import io.signlink.server.connect.ConnectCaller;
import io.signlink.server.connect.ConnectPages;
import io.signlink.server.connect.ConnectRoutes;
import io.signlink.server.connect.ConnectSessionIssuer;
import io.signlink.server.connect.ConnectSessionRoutes;
import io.signlink.server.connect.PrefixReturnUrlPolicy;
import io.signlink.server.console.ConsoleRoutes;
import io.signlink.server.console.TestCalls;
import io.signlink.server.http.AccessLog;
import io.signlink.server.http.BindFailure;
import io.signlink.server.http.ErrorResponder;
import io.signlink.server.http.SecurityHeaders;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SignLink HTTP service: routes in front of a {@link SignLinkRuntime}. {@link
 * #start(SignLinkConfig)} opens a runtime, listens, and returns once requests are served; {@link
 * #close()} stops listening, then closes the runtime it opened. Thread-safe.
 */
public final class SignLinkServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkServer.class);

  /** Request bodies above this are refused with 413 (the proxy and the JSON API alike). */
  public static final long MAX_REQUEST_BYTES = 1024 * 1024;

  /** Request line plus headers. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  private final SignLinkRuntime runtime;
  private final boolean ownsRuntime;
  private final Javalin app;
  private final List<RouteTable.Route> routes;

  private SignLinkServer(
      SignLinkRuntime runtime, boolean ownsRuntime, Javalin app, List<RouteTable.Route> routes) {
    this.runtime = runtime;
    this.ownsRuntime = ownsRuntime;
    this.app = app;
    this.routes = routes;
  }

  /**
   * Opens a runtime for {@code config} and serves it. Port 0 picks a free port first, so redirect
   * URIs ({@code http://127.0.0.1:PORT/callback/…}) are known before the runtime is built.
   */
  public static SignLinkServer start(SignLinkConfig config) {
    SignLinkConfig concrete = withConcretePort(config);
    SignLinkRuntime runtime = SignLinkRuntime.open(concrete);
    try {
      return start(runtime, true);
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
    Objects.requireNonNull(runtime, "runtime");
    SignLinkConfig config = runtime.config();
    ObjectMapper json = new ObjectMapper();
    ErrorResponder errors = new ErrorResponder(json);
    SecurityHeaders headers = new SecurityHeaders(config.httpsPublicUrl());
    AccessLog accessLog =
        new AccessLog(
            (ctx, ms) ->
                runtime
                    .metrics()
                    .requestTimed(
                        ctx.method().name(),
                        ErrorResponder.routeOf(ctx),
                        ctx.statusCode(),
                        Duration.ofNanos((long) (ms * 1_000_000))));

    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
              cfg.router.ignoreTrailingSlashes = true;
              cfg.requestLogger.http(accessLog);
              cfg.jetty.modifyHttpConfiguration(
                  http -> {
                    http.setRequestHeaderSize(MAX_HEADER_BYTES);
                    http.setSendServerVersion(false);
                    http.setSendXPoweredBy(false);
                  });
            });
    app.before(headers::apply);
    app.exception(HttpResponseException.class, errors::respond);
    app.exception(Exception.class, errors::respond);

    RouteTable table = new RouteTable(app);
    RandomTokens random = new RandomTokens();
    ApiKeyAuth auth = new ApiKeyAuth(runtime.store().apiKeys(), config.adminKey());
    new OpsRoutes(
            json,
            runtime.metrics(),
            new BoundedReadiness(runtime::ping, BoundedReadiness.DEFAULT_DEADLINE),
            version())
        .register(table);
    ConnectSessionIssuer connectSessions =
        new ConnectSessionIssuer(
            runtime.store().connectSessions(),
            runtime.providers(),
            new PrefixReturnUrlPolicy(config.connect().returnUrlPrefixes()),
            config.effectivePublicUrl(),
            json,
            runtime.clock());
    new ConnectRoutes(
            new ConnectRoutes.Parts(
                runtime.connectFlow(),
                runtime.providers(),
                runtime.store().connectSessions(),
                runtime.connections(),
                new PrefixReturnUrlPolicy(config.connect().returnUrlPrefixes()),
                applicationId -> config.connect().applicationName(),
                new BindingCookie(random, config.httpsPublicUrl()),
                new ConfirmTokens(),
                new ConnectPages(),
                runtime.metrics(),
                runtime.clock()))
        .register(table);
    new ConnectSessionRoutes(
            json, ConnectCaller.apiKeys(auth), connectSessions, runtime.connections())
        .register(table);
    new ApiRoutes(
            new ApiRoutes.Parts(
                json,
                auth,
                runtime.connections(),
                runtime.tokens(),
                runtime.removal(),
                new ApiProxy(runtime.authorizedCalls()),
                runtime.providers(),
                (profile, rt) -> runtime.tokenClient().refresh(profile, rt, List.of()),
                runtime.reconnectUrls(),
                runtime.clock()))
        .register(table);
    new ConsoleRoutes(
            new ConsoleRoutes.Parts(
                auth,
                new ConsoleSessions(random, runtime.clock(), config.httpsPublicUrl()),
                config.consoleOpen(),
                runtime.connections(),
                runtime.store().events(),
                runtime.tokens(),
                runtime.removal(),
                new TestCalls(runtime.http(), runtime.tokens(), runtime.clock()),
                runtime.providers(),
                runtime.reconnectUrls(),
                connectSessions))
        .register(table);

    try {
      app.start(config.bindAddress(), config.port());
    } catch (RuntimeException e) {
      app.stop();
      RuntimeException explained = BindFailure.explain(e, config.bindAddress(), config.port());
      throw explained != null ? explained : e;
    }
    runtime.startBackgroundRefresh();
    SignLinkServer server = new SignLinkServer(runtime, ownsRuntime, app, table.routes());
    LOG.info(
        "signlink listening on {}:{}, public URL {}",
        config.bindAddress(),
        server.port(),
        config.effectivePublicUrl());
    return server;
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
    if (ownsRuntime) {
      runtime.close();
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
