package io.signlink.server.console;

import io.javalin.http.Context;
import io.signlink.application.ApiScope;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.EventLog;
import io.signlink.connection.TokenManager;
import io.signlink.error.SignLinkException;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.ConnectionRemoval;
import io.signlink.server.api.AccountSelection;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ApiPrincipal;
import io.signlink.server.auth.ConsoleSessions;
import io.signlink.server.auth.RandomTokens;
import io.signlink.server.connect.ConnectSessionIssuer;
import io.signlink.server.http.ErrorMapping;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The console's routes. Thread-safe. */
public final class ConsoleRoutes {
  /** Everything the console uses, built by the composition root. */
  public record Parts(
      ApiKeyAuth auth,
      ConsoleSessions sessions,
      boolean open,
      ConnectionStore connections,
      EventLog events,
      TokenManager tokens,
      ConnectionRemoval removal,
      TestCalls testCalls,
      ProviderRegistry providers,
      ProviderDefinitions definitions,
      Function<Connection, String> reconnectUrl,
      ConnectSessionIssuer connectSessions,
      AccountSelection accounts,
      Clock clock) {}

  private final Parts p;
  private final byte[] css;
  private final byte[] js;

  public ConsoleRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
    this.css = resource("console.css");
    this.js = resource("console.js");
  }

  public void register(RouteTable routes) {
    routes.get(
        "/",
        RouteDoc.html("console", "Redirects to the console", 303),
        ctx -> ctx.redirect("/console", io.javalin.http.HttpStatus.SEE_OTHER));
    routes.get("/console", RouteDoc.console("Connections, Connect buttons", 200, 303), this::index);
    routes.get(
        "/console/login",
        RouteDoc.html("console", "Sign-in form", 200),
        ctx -> html(ctx, 200, ConsolePages.login(null)));
    routes.post(
        "/console/login",
        RouteDoc.html("console", "Sign in with an API key", 303, 401),
        this::login);
    routes.post("/console/logout", RouteDoc.console("Sign out", 303), this::logout);
    routes.get(
        "/console/connections/{id}",
        RouteDoc.console("One connection", 200, 303, 404),
        this::detail);
    routes.post(
        "/console/connections/{id}/refresh",
        RouteDoc.console("Refresh now", 303, 403),
        this::refresh);
    routes.post(
        "/console/connections/{id}/account",
        RouteDoc.console(
            "Use another of the connection's provider accounts (form: account_id, csrf)", 303, 403),
        this::selectAccount);
    routes.get(
        "/console/state",
        RouteDoc.console(
                "Status and token expiry of the connections on the page (?id= for one), polled"
                    + " by the page",
                200,
                303)
            .produces("application/json"),
        this::state);
    routes.post(
        "/console/connections/{id}/test",
        RouteDoc.console("Test call against the provider API", 303, 403),
        this::test);
    routes.post(
        "/console/connect/{provider}",
        RouteDoc.console(
            "Connect button: opens a connect session for the owner typed in (form: owner, csrf)"
                + " and redirects to its confirmation page",
            303,
            400,
            403),
        this::connect);
    routes.post(
        "/console/connections/{id}/reconnect",
        RouteDoc.console("Reconnect: opens a reconnect session for this connection", 303, 403),
        this::reconnect);
    routes.post(
        "/console/connections/{id}/revoke",
        RouteDoc.console("Revoke and delete", 303, 403),
        this::revoke);
    routes.get(
        "/console/assets/console.css",
        RouteDoc.html("console", "Stylesheet", 200).produces("text/css"),
        ctx -> asset(ctx, "text/css; charset=utf-8", css));
    routes.get(
        "/console/assets/console.js",
        RouteDoc.html("console", "Expiry countdown and live status script", 200)
            .produces("text/javascript"),
        ctx -> asset(ctx, "text/javascript; charset=utf-8", js));
  }

  private void index(Context ctx) {
    ConsoleSessions.Session s = session(ctx);
    if (s == null) {
      return;
    }
    ApiPrincipal who = s.principal();
    List<Connection> list =
        who.isOperator()
            ? p.connections().list(0, 200)
            : p.connections().listByApplication(who.applicationId(), 0, 200);
    html(
        ctx,
        200,
        ConsolePages.index(
            list,
            p.providers().all(),
            p.definitions().all(),
            s.csrf(),
            s.takeFlash(),
            !p.open(),
            p.reconnectUrl()));
  }

  private void detail(Context ctx) {
    String consent = ctx.queryParam(ConsentBanner.PARAM);
    if (!p.open() && ConsentBanner.known(consent) && p.sessions().current(ctx).isEmpty()) {
      // Back from the provider: the browser withholds the SameSite=Strict session cookie on a
      // redirect chain another site started. A click on SignLink's own page sends it again.
      html(ctx, 200, ConsolePages.afterConsent(ctx.pathParam("id"), consent));
      return;
    }
    ConsoleSessions.Session s = session(ctx);
    if (s == null) {
      return;
    }
    Connection c = find(ctx, s);
    html(
        ctx,
        200,
        ConsolePages.detail(
            c,
            p.events().recent(c.id(), 15),
            s.csrf(),
            s.takeFlash(),
            ConsentBanner.from(ctx.queryParam(ConsentBanner.PARAM), c, p.providers()),
            !p.open(),
            p.reconnectUrl()));
  }

  /**
   * What the page's script polls so status and expiry stay true while the page is open (the
   * background refresher and other instances change them); the server's clock comes along, so the
   * countdown does not depend on the browser's.
   */
  private void state(Context ctx) {
    ConsoleSessions.Session s = session(ctx);
    if (s == null) {
      return;
    }
    ApiPrincipal who = s.principal();
    String id = ctx.queryParam("id");
    List<Connection> list;
    if (id != null) {
      list =
          p
              .connections()
              .find(id)
              .filter(c -> who.isOperator() || who.owns(c.applicationId()))
              .stream()
              .toList();
    } else {
      list =
          who.isOperator()
              ? p.connections().list(0, 200)
              : p.connections().listByApplication(who.applicationId(), 0, 200);
    }
    ctx.contentType("application/json; charset=utf-8")
        .result(ConsoleState.json(list, p.clock().instant()));
  }

  private void selectAccount(Context ctx) {
    String accountId = ctx.formParam("account_id");
    act(
        ctx,
        c -> {
          Connection chosen = p.accounts().select(c, accountId == null ? "" : accountId);
          return "Calls of this connection now go to the account \""
              + (chosen.accountName() == null ? chosen.accountId() : chosen.accountName())
              + "\" ("
              + chosen.accountId()
              + ", "
              + chosen.baseUri()
              + ").";
        },
        true);
  }

  private void login(Context ctx) {
    String key = ctx.formParam("api_key");
    Optional<ApiPrincipal> who = key == null ? Optional.empty() : p.auth().authenticate(key.trim());
    if (who.isEmpty()) {
      html(ctx, 401, ConsolePages.login("That API key is unknown or revoked, or it expired."));
      return;
    }
    if (!who.get().has(ApiScope.CONNECTIONS_MANAGE)) {
      html(
          ctx,
          403,
          ConsolePages.login(
              "That API key cannot use the console: it needs the scope connections:manage or"
                  + " admin."));
      return;
    }
    p.sessions().open(ctx, who.get());
    ctx.redirect("/console", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    ConsoleSessions.Session s = csrfChecked(ctx);
    if (s == null) {
      return;
    }
    p.sessions().close(ctx);
    ctx.redirect(p.open() ? "/console" : "/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void refresh(Context ctx) {
    act(
        ctx,
        c -> {
          p.tokens().forceRefresh(c.id());
          return "Refreshed the " + c.providerId() + " connection of " + c.owner() + ".";
        },
        true);
  }

  /** The console's Connect button: a connect session for the operator's chosen owner. */
  private void connect(Context ctx) {
    ConsoleSessions.Session s = csrfChecked(ctx);
    if (s == null) {
      return;
    }
    String provider = ctx.pathParam("provider");
    if (p.providers().find(provider).isEmpty()) {
      throw HttpProblem.notFound("No provider '" + provider + "' is configured.");
    }
    ConnectSessionIssuer.Issued issued =
        p.connectSessions()
            .forConsole(
                s.principal().applicationId(), ctx.formParam("owner"), List.of(provider), null);
    ctx.redirect(localConnectUrl(issued), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void reconnect(Context ctx) {
    ConsoleSessions.Session s = csrfChecked(ctx);
    if (s == null) {
      return;
    }
    Connection c = find(ctx, s);
    ConnectSessionIssuer.Issued issued =
        p.connectSessions()
            .forConsole(c.applicationId(), c.owner(), List.of(c.providerId()), c.id());
    ctx.redirect(localConnectUrl(issued), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** The connect URL as a local path, so it works whatever host the operator came in on. */
  private static String localConnectUrl(ConnectSessionIssuer.Issued issued) {
    java.net.URI u = issued.connectUrl();
    return u.getRawPath() + "?" + u.getRawQuery();
  }

  private void test(Context ctx) {
    act(ctx, c -> "Test call OK — " + p.testCalls().run(c), true);
  }

  private void revoke(Context ctx) {
    act(
        ctx,
        c -> {
          ConnectionRemoval.Outcome o = p.removal().remove(c);
          return "Disconnected the "
              + c.providerId()
              + " connection of "
              + c.owner()
              + (o.revokedAtProvider()
                  ? " and revoked it at the provider."
                  : " (" + o.revocationProblem() + ").");
        },
        false);
  }

  /**
   * Runs a console action: CSRF check, then flash the outcome and 303 back (SECURITY.md
   * §web-headers).
   */
  private void act(Context ctx, Function<Connection, String> action, boolean backToDetail) {
    ConsoleSessions.Session s = csrfChecked(ctx);
    if (s == null) {
      return;
    }
    Connection c = find(ctx, s);
    try {
      s.flash(action.apply(c), false);
    } catch (SignLinkException | HttpProblem e) {
      s.flash("Failed: " + ErrorMapping.mapForPeople(e, p.clock().instant()).message(), true);
    }
    ctx.redirect(
        backToDetail ? "/console/connections/" + c.id() : "/console",
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** The session, opened on the fly in open (dev) mode; null after redirecting to the login. */
  ConsoleSessions.Session session(Context ctx) {
    var current = p.sessions().current(ctx).filter(s -> keyStillValid(ctx, s));
    if (current.isPresent()) {
      return current.get();
    }
    if (p.open()) {
      return p.sessions().open(ctx);
    }
    ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
    return null;
  }

  /** The session of a form post whose CSRF token matches; null after redirecting to the login. */
  ConsoleSessions.Session csrfChecked(Context ctx) {
    var current = p.sessions().current(ctx).filter(s -> keyStillValid(ctx, s));
    if (current.isEmpty()) {
      if (p.open()) {
        throw new HttpProblem(
            403, "csrf_failed", "Your console session expired; reload the page and try again.");
      }
      ctx.redirect("/console/login", io.javalin.http.HttpStatus.SEE_OTHER);
      return null;
    }
    if (!RandomTokens.same(current.get().csrf(), ctx.formParam("csrf"))) {
      throw new HttpProblem(
          403,
          "csrf_failed",
          "The form was stale or not from this console; reload the page and try again.");
    }
    return current.get();
  }

  /**
   * A session lives only as long as the key that opened it (SECURITY.md §applications): once the
   * key is revoked or expired the session ends and the browser is sent to sign in again.
   */
  private boolean keyStillValid(Context ctx, ConsoleSessions.Session s) {
    if (p.auth().stillValid(s.principal().keyId())) {
      return true;
    }
    p.sessions().end(ctx);
    return false;
  }

  /** The connection, if the session's application owns it (the operator's sees every one). */
  private Connection find(Context ctx, ConsoleSessions.Session s) {
    ApiPrincipal who = s.principal();
    return p.connections()
        .find(ctx.pathParam("id"))
        .filter(c -> who.isOperator() || who.owns(c.applicationId()))
        .orElseThrow(() -> HttpProblem.notFound("This connection does not exist (any more)."));
  }

  private static void html(Context ctx, int status, String page) {
    ctx.status(status).contentType("text/html; charset=utf-8").result(page);
  }

  private static void asset(Context ctx, String type, byte[] body) {
    ctx.contentType(type).header("Cache-Control", "public, max-age=3600").result(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("console asset " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
