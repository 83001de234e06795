package io.signlink.server.connect;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.signlink.connection.CompletedConnection;
import io.signlink.connection.ConnectFlow;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.SignLinkException;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.server.auth.RandomTokens;
import io.signlink.server.http.ErrorMapping;
import io.signlink.server.http.ErrorResponder;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.ops.ServerMetrics;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /connect/{provider}} and {@code /callback/{provider}}. Thread-safe. */
public final class ConnectRoutes {
  public static final String BINDING_COOKIE = "signlink_binding";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectRoutes.class);

  /**
   * The only callback parameters read; anything else (access_token, id_token …) is ignored
   * (SECURITY.md §callback-page).
   */
  private static final List<String> CALLBACK_PARAMS =
      List.of("code", "state", "iss", "error", "error_description");

  private final ConnectFlow flow;
  private final ProviderRegistry providers;
  private final RandomTokens random;
  private final ServerMetrics metrics;
  private final boolean secureCookies;

  public ConnectRoutes(
      ConnectFlow flow,
      ProviderRegistry providers,
      RandomTokens random,
      ServerMetrics metrics,
      boolean secureCookies) {
    this.flow = Objects.requireNonNull(flow, "flow");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.random = Objects.requireNonNull(random, "random");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.secureCookies = secureCookies;
  }

  public void register(RouteTable routes) {
    routes.get(
        "/connect/{provider}",
        RouteDoc.html(
            "connect",
            "Begin consent at the provider (?owner=…&return_to=/console…)",
            303,
            400,
            404),
        this::begin);
    routes.get(
        "/callback/{provider}",
        RouteDoc.html(
            "connect",
            "The provider's redirect back (code, state); 303 to a clean page",
            303,
            400,
            404,
            502),
        this::callback);
  }

  private void begin(Context ctx) {
    SecurityHeaders.noStore(ctx);
    Optional<Provider> provider = providers.find(ctx.pathParam("provider"));
    if (provider.isEmpty()) {
      page(
          ctx,
          404,
          "Unknown provider",
          "SignLink has no provider with that name. Pick one on the console.");
      return;
    }
    String owner = ctx.queryParam("owner");
    if (owner == null
        || owner.isBlank()
        || owner.length() > 200
        || owner.chars().anyMatch(Character::isISOControl)) {
      page(
          ctx,
          400,
          "Who is connecting?",
          "Add ?owner=… (up to 200 printable characters, e.g. an e-mail address) to say whose connection this is.");
      return;
    }
    String returnTo = ctx.queryParam("return_to");
    if (returnTo != null && !ReturnPaths.isAllowed(returnTo)) {
      page(
          ctx,
          400,
          "Unsupported return address",
          "return_to must be a console path such as /console; other addresses are refused.");
      return;
    }
    String binding = ctx.cookie(BINDING_COOKIE);
    if (binding == null || binding.length() < 40 || binding.length() > 64) {
      binding = random.next();
      Cookie c = new Cookie(BINDING_COOKIE, binding);
      c.setPath("/");
      c.setHttpOnly(true);
      c.setSecure(secureCookies);
      // Lax, not Strict: the provider's redirect back is a cross-site top-level GET.
      c.setSameSite(SameSite.LAX);
      c.setMaxAge(3600);
      ctx.cookie(c);
    }
    String id = provider.get().id();
    AuthorizationStart start = flow.begin(id, owner.trim(), RandomTokens.hash(binding), returnTo);
    metrics.flowStarted(id);
    ctx.redirect(start.authorizationUrl().toString(), HttpStatus.SEE_OTHER);
  }

  private void callback(Context ctx) {
    SecurityHeaders.noStore(ctx);
    String providerId = ctx.pathParam("provider");
    if (providers.find(providerId).isEmpty()) {
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
    String binding = ctx.cookie(BINDING_COOKIE);
    try {
      CompletedConnection done =
          flow.complete(providerId, params, binding == null ? null : RandomTokens.hash(binding));
      metrics.flowCompleted(providerId, "success");
      String target =
          done.returnTo() != null && ReturnPaths.isAllowed(done.returnTo())
              ? done.returnTo()
              : "/console/connections/" + done.connection().id();
      ctx.redirect(target, HttpStatus.SEE_OTHER);
    } catch (AuthorizationFlowException e) {
      metrics.flowCompleted(providerId, e.code());
      LOG.info(
          "callback for {} refused: {} ({})", providerId, e.code(), ProviderReasons.logLine(e));
      page(ctx, 400, title(e), e.reason().advice() + ProviderReasons.sentence(e));
    } catch (SignLinkException e) {
      metrics.flowCompleted(providerId, e.code());
      LOG.warn("callback for {} failed: {} ({})", providerId, e.code(), ProviderReasons.logLine(e));
      page(
          ctx,
          502,
          "The connection could not be completed",
          ErrorMapping.map(e).message()
              + ProviderReasons.sentence(e)
              + " Start the connection again from the console.");
    }
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

  private static void page(Context ctx, int status, String title, String message) {
    ErrorResponder.html(ctx, status, title, message, "/console", "Start again");
  }
}
