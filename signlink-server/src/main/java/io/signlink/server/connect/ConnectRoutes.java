package io.signlink.server.connect;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.signlink.connection.CompletedConnection;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.SignLinkException;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.runtime.SignLinkMetrics;
import io.signlink.server.auth.RandomTokens;
import io.signlink.server.http.ErrorMapping;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import io.signlink.store.connectsession.ConnectSession;
import io.signlink.store.connectsession.ConnectSessionStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser half of the consent flow, started only from a connect session (SECURITY.md
 * §connect-sessions): {@code GET /connect?session=…} shows the confirmation page, {@code POST
 * /connect/{provider}} (its Continue button) spends the session and sends the browser to the
 * provider, {@code GET /callback/{provider}} completes and sends the browser on to the session's
 * return URL or SignLink's own page. Thread-safe.
 */
public final class ConnectRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectRoutes.class);

  /**
   * The only callback parameters read; anything else (access_token, id_token …) is ignored
   * (SECURITY.md §callback-page).
   */
  private static final List<String> CALLBACK_PARAMS =
      List.of("code", "state", "iss", "error", "error_description");

  private static final String AGAIN =
      "Go back to the application that sent you here and start connecting again.";

  /** Everything the routes use, built by the composition root. */
  public record Parts(
      ConnectFlow flow,
      ProviderRegistry providers,
      ConnectSessionStore sessions,
      ConnectionStore connections,
      ReturnUrlPolicy returnUrls,
      Function<String, String> applicationNames,
      BindingCookie binding,
      ConfirmTokens confirmTokens,
      ConnectPages pages,
      SignLinkMetrics metrics,
      Clock clock) {}

  private final Parts p;

  public ConnectRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
  }

  public void register(RouteTable routes) {
    routes.get(
        "/connect",
        RouteDoc.html(
            "connect",
            "Confirmation page of a connect session (?session=cs_…): names the application,"
                + " provider and account; Continue posts to /connect/{provider}",
            200,
            404,
            410),
        this::confirm);
    routes.post(
        "/connect/{provider}",
        RouteDoc.html(
            "connect",
            "Continue from the confirmation page (form: session, csrf): spends the session and"
                + " redirects to the provider",
            303,
            400,
            403,
            404,
            410),
        this::begin);
    routes.get(
        "/connect/done",
        RouteDoc.html("connect", "SignLink's page after a connection without return URL", 200),
        ctx -> {
          SecurityHeaders.noStore(ctx);
          p.pages()
              .message(
                  ctx,
                  200,
                  "connected",
                  "Connected",
                  "Your account is connected. You can close this window and go back to the"
                      + " application.",
                  null,
                  null);
        });
    routes.get(
        "/connect/{provider}",
        RouteDoc.html(
            "connect", "Explains that connecting needs a link from the application", 400, 404),
        this::withoutSession);
    routes.get(
        "/callback/{provider}",
        RouteDoc.html(
            "connect",
            "The provider's redirect back (code, state); 303 to the return URL or a clean page",
            303,
            400,
            404,
            409,
            502),
        this::callback);
  }

  private void confirm(Context ctx) {
    SecurityHeaders.noStore(ctx);
    Optional<ConnectSession> found = usableSession(ctx, ctx.queryParam("session"));
    if (found.isEmpty()) {
      return;
    }
    ConnectSession s = found.get();
    List<Provider> offered =
        s.allowedProviders().stream().flatMap(id -> p.providers().find(id).stream()).toList();
    if (offered.isEmpty()) {
      page(ctx, 404, "Unknown provider", "SignLink no longer offers the provider of this link.");
      return;
    }
    String account = account(s);
    String application = p.applicationNames().apply(s.applicationId());
    String verb = s.isReconnect() ? "Reconnect" : "Connect";
    String reconnectAccount = null;
    if (s.isReconnect()) {
      Optional<Connection> c = p.connections().find(s.connectionId());
      if (c.isEmpty()) {
        page(ctx, 410, "Nothing to reconnect", "The connection of this link no longer exists.");
        return;
      }
      Connection conn = c.get();
      reconnectAccount = conn.accountName() != null ? conn.accountName() : conn.subject();
    }
    String binding = p.binding().mint(ctx);
    p.pages()
        .confirm(
            ctx,
            new ConnectPages.Confirmation(
                offered.size() == 1
                    ? verb + " " + offered.get(0).profile().displayName()
                    : verb + " an e-signature account",
                offered.stream()
                    .map(
                        pr ->
                            new ConnectPages.Choice(
                                pr.id(), pr.profile().displayName(), verb, application, account))
                    .toList(),
                s.owner(),
                !account.equals(s.owner()),
                reconnectAccount,
                ctx.queryParam("session"),
                p.confirmTokens().issue(binding, s.id())));
  }

  private void begin(Context ctx) {
    SecurityHeaders.noStore(ctx);
    Optional<Provider> provider = p.providers().find(ctx.pathParam("provider"));
    if (provider.isEmpty()) {
      page(ctx, 404, "Unknown provider", "SignLink has no provider with that name. " + AGAIN);
      return;
    }
    Optional<ConnectSession> found = usableSession(ctx, ctx.formParam("session"));
    if (found.isEmpty()) {
      return;
    }
    ConnectSession s = found.get();
    String providerId = provider.get().id();
    if (!s.allowedProviders().contains(providerId)) {
      page(ctx, 400, "Provider not offered", "This link does not offer that provider. " + AGAIN);
      return;
    }
    if (!p.confirmTokens().verify(p.binding().read(ctx), s.id(), ctx.formParam("csrf"))) {
      LOG.info("connect continue refused: confirmation not from this browser");
      page(
          ctx,
          403,
          "Please confirm on SignLink's page",
          "This request did not come from the confirmation page SignLink showed in this browser."
              + " Open the link you were given again and press Continue there.");
      return;
    }
    if (!p.sessions().markUsed(s.id())) {
      page(ctx, 410, "This link was already used", "Each connect link works once. " + AGAIN);
      return;
    }
    // A fresh binding for the flow, whatever the browser holds (SECURITY.md §binding-cookie).
    String binding = p.binding().mint(ctx);
    AuthorizationStart start =
        p.flow()
            .begin(
                providerId,
                s.applicationId(),
                s.owner(),
                RandomTokens.hash(binding),
                SessionPaths.of(s.id()));
    p.metrics().flowStarted(providerId);
    ctx.redirect(start.authorizationUrl().toString(), HttpStatus.SEE_OTHER);
  }

  private void withoutSession(Context ctx) {
    SecurityHeaders.noStore(ctx);
    if (p.providers().find(ctx.pathParam("provider")).isEmpty()) {
      page(ctx, 404, "Unknown provider", "SignLink has no provider with that name. " + AGAIN);
      return;
    }
    page(
        ctx,
        400,
        "Connecting needs a link from the application",
        "SignLink connects accounts only from a one-time link the application creates for you. "
            + AGAIN);
  }

  private void callback(Context ctx) {
    SecurityHeaders.noStore(ctx);
    String providerId = ctx.pathParam("provider");
    Optional<Provider> provider = p.providers().find(providerId);
    if (provider.isEmpty()) {
      page(
          ctx,
          404,
          "Unknown provider",
          "This sign-in came back for a provider SignLink does not know.");
      return;
    }
    Map<String, String> params = new HashMap<>();
    for (String name : CALLBACK_PARAMS) {
      String v = ctx.queryParam(name);
      if (v != null) {
        params.put(name, v);
      }
    }
    // The provider's own redirect parameters (Acrobat Sign's api_access_point, Zoho's location),
    // checked by the connect flow before anything is sent (SECURITY.md §callback-hosts); one sent
    // twice is ignored, leaving the configured host.
    for (String name : provider.get().callbackValues().parameters()) {
      List<String> v = ctx.queryParams(name);
      if (v.size() == 1) {
        params.put(name, v.get(0));
      }
    }
    String binding = p.binding().read(ctx);
    try {
      CompletedConnection done =
          p.flow()
              .complete(
                  providerId,
                  params,
                  binding == null ? null : RandomTokens.hash(binding),
                  this::checkConsent);
      p.metrics().flowCompleted(providerId, "success");
      ctx.redirect(target(done), HttpStatus.SEE_OTHER);
    } catch (AuthorizationFlowException e) {
      p.metrics().flowCompleted(providerId, e.code());
      LOG.info(
          "callback for {} refused: {} ({})", providerId, e.code(), ProviderReasons.logLine(e));
      page(ctx, 400, title(e), e.reason().advice() + ProviderReasons.sentence(e) + " " + AGAIN);
    } catch (ConnectRefused e) {
      p.metrics().flowCompleted(providerId, "refused");
      LOG.info("callback for {} refused: {}", providerId, e.title());
      page(ctx, 409, e.title(), e.getMessage());
    } catch (SignLinkException e) {
      p.metrics().flowCompleted(providerId, e.code());
      LOG.warn("callback for {} failed: {} ({})", providerId, e.code(), ProviderReasons.logLine(e));
      page(
          ctx,
          502,
          "The connection could not be completed",
          ErrorMapping.mapForPeople(e, p.clock().instant()).message()
              + ProviderReasons.sentence(e)
              + " "
              + AGAIN);
    }
  }

  /** A reconnect keeps its connection's provider user unless the session allows another. */
  private void checkConsent(PendingAuthorization pending, ResolvedIdentity identity) {
    Optional<String> sessionId = SessionPaths.sessionId(pending.returnTo());
    if (sessionId.isEmpty()) {
      return;
    }
    // Fail closed: a flow whose session is gone cannot show what it was allowed to do.
    ConnectSession session =
        p.sessions()
            .find(sessionId.get())
            .orElseThrow(
                () ->
                    new ConnectRefused(
                        "This connect link expired",
                        "The link this sign-in began with is no longer known. " + AGAIN));
    if (!session.isReconnect()) {
      return;
    }
    Connection c =
        p.connections()
            .find(session.connectionId())
            .orElseThrow(
                () ->
                    new ConnectRefused(
                        "Nothing to reconnect",
                        "The connection this link renews was deleted meanwhile. " + AGAIN));
    if (!c.providerId().equals(pending.providerId())) {
      throw new ConnectRefused(
          "Wrong provider", "This link renews a " + c.providerId() + " connection. " + AGAIN);
    }
    if (!c.subject().equals(identity.subject()) && !session.allowDifferentSubject()) {
      throw new ConnectRefused(
          "A different account signed in",
          "This link renews the connection of another "
              + c.providerId()
              + " user; nothing was changed. Sign in at the provider with the account that was"
              + " connected before, or ask the application to allow a different account.");
    }
  }

  /** Where the browser goes after success: the session's return URL, the console, or ours. */
  private String target(CompletedConnection done) {
    String id = done.connection().id();
    Optional<ConnectSession> s =
        SessionPaths.sessionId(done.returnTo()).flatMap(p.sessions()::find);
    String returnUrl = s.map(ConnectSession::returnUrl).orElse(null);
    if (returnUrl == null) {
      return "/connect/done";
    }
    if (returnUrl.equals(ConnectSessionIssuer.CONSOLE_RETURN)) {
      // The console shows a "connected" / "reconnected" banner for this parameter.
      return "/console/connections/"
          + URLEncoder.encode(id, StandardCharsets.UTF_8)
          + (done.created() ? "?consent=connected" : "?consent=reconnected");
    }
    URI u = URI.create(returnUrl);
    if (!p.returnUrls().allows(s.get().applicationId(), u)) {
      return "/connect/done";
    }
    return returnUrl
        + (u.getRawQuery() == null ? "?" : "&")
        + "connection_id="
        + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  /** The session of {@code token} if a flow may start from it; otherwise answers with a page. */
  private Optional<ConnectSession> usableSession(Context ctx, String token) {
    Optional<ConnectSession> s = p.sessions().findByToken(token);
    if (s.isEmpty()) {
      page(
          ctx,
          404,
          "This connect link is not valid",
          "The link is incomplete or was never issued. " + AGAIN);
      return Optional.empty();
    }
    if (s.get().usedAt() != null) {
      page(ctx, 410, "This link was already used", "Each connect link works once. " + AGAIN);
      return Optional.empty();
    }
    if (!s.get().usableAt(p.clock().instant())) {
      page(
          ctx,
          410,
          "This connect link expired",
          "Connect links are valid for 30 minutes at most. " + AGAIN);
      return Optional.empty();
    }
    return s;
  }

  private static String account(ConnectSession s) {
    if (s.email() != null && s.displayName() != null) {
      return s.displayName() + " <" + s.email() + ">";
    }
    return s.email() != null ? s.email() : s.displayName() != null ? s.displayName() : s.owner();
  }

  private static String title(AuthorizationFlowException e) {
    return switch (e.reason()) {
      case DENIED -> "Access was not granted";
      case EXPIRED_STATE -> "This sign-in expired";
      case UNKNOWN_STATE, MISSING_STATE -> "This sign-in link is no longer valid";
      case BROWSER_MISMATCH -> "This sign-in belongs to another browser";
      default -> "The sign-in could not be completed";
    };
  }

  private void page(Context ctx, int status, String title, String message) {
    p.pages().message(ctx, status, "problem", title, message, null, null);
  }
}
