package io.signlink.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.signlink.connection.AccessToken;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderRegistry;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The JSON API under {@code /api} and the {@code /refresh-token} relay. Thread-safe. */
public final class ApiRoutes {
  /** Everything the routes use, built by the composition root. */
  public record Parts(
      ObjectMapper json,
      ApiKeyAuth auth,
      ConnectionStore connections,
      TokenManager tokens,
      ConnectionRemoval removal,
      ApiProxy proxy,
      ProviderRegistry providers,
      RefreshRelay relay,
      Function<Connection, String> reconnectUrl,
      Clock clock) {}

  private static final int MAX_LIST = 500;
  private final Parts p;

  public ApiRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
  }

  public void register(RouteTable routes) {
    routes.get(
        "/api/connections",
        RouteDoc.api("List connections, optionally of one owner (?owner=)", 200, 401),
        guarded(this::list));
    routes.get(
        "/api/connections/{id}",
        RouteDoc.api("One connection (no tokens)", 200, 401, 404),
        guarded(this::one));
    routes.delete(
        "/api/connections/{id}",
        RouteDoc.api("Revoke at the provider (when possible) and delete", 200, 401, 404),
        guarded(this::delete));
    routes.post(
        "/api/connections/{id}/token",
        RouteDoc.api(
            "A valid access token (Cache-Control: no-store; never a refresh token)",
            200,
            401,
            404,
            409,
            429,
            502,
            503),
        guarded(this::token));
    routes.post(
        "/api/connections/{id}/refresh",
        RouteDoc.api("Refresh now", 200, 401, 404, 409, 429, 502, 503),
        guarded(this::refresh));
    routes.get(
        "/api/connections/{id}/accounts",
        RouteDoc.api("The connection's provider accounts", 200, 401, 404),
        guarded(this::accounts));
    routes.post(
        "/api/connections/{id}/account",
        RouteDoc.api(
            "Select which of the connection's accounts calls go to: {\"account_id\": …}",
            200,
            400,
            401,
            404,
            409),
        guarded(this::selectAccount));
    for (HandlerType m :
        List.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE)) {
      routes.add(
          m,
          "/api/connections/{id}/proxy/<path>",
          RouteDoc.api(
              "Forward to the provider API with the token injected; one refresh and retry"
                  + " on 401",
              200,
              400,
              401,
              404,
              409,
              413,
              502,
              503),
          guarded(ctx -> p.proxy().forward(ctx, connectionId(ctx))));
    }
    routes.post(
        "/refresh-token",
        RouteDoc.api(
            "BoldSign guide relay: form refresh_token in, new tokens out (?provider=boldsign)",
            200,
            400,
            401,
            404,
            502,
            503),
        guarded(this::relay));
  }

  private io.javalin.http.Handler guarded(io.javalin.http.Handler h) {
    return ctx -> {
      p.auth().require(ctx);
      h.handle(ctx);
    };
  }

  private void list(Context ctx) throws Exception {
    String owner = ctx.queryParam("owner");
    List<Connection> found =
        owner == null || owner.isBlank()
            ? p.connections().list(0, MAX_LIST)
            : p.connections().findByOwner(owner);
    send(
        ctx,
        200,
        Map.of(
            "connections",
            found.stream().map(c -> ConnectionJson.of(c, p.reconnectUrl())).toList()));
  }

  private void one(Context ctx) throws Exception {
    send(ctx, 200, ConnectionJson.of(find(ctx), p.reconnectUrl()));
  }

  private void delete(Context ctx) throws Exception {
    ConnectionRemoval.Outcome o = p.removal().remove(find(ctx));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deleted", o.deleted());
    m.put("revoked_at_provider", o.revokedAtProvider());
    if (o.revocationProblem() != null) {
      m.put("revocation_note", o.revocationProblem());
    }
    send(ctx, 200, m);
  }

  /**
   * SECURITY.md §refresh-tokens-stay, §api-responses: access token only, no-store, never the
   * refresh token.
   */
  private void token(Context ctx) throws Exception {
    // Straight to the token manager: a cached token costs no database read or decryption, and a
    // missing connection comes back as its NOT_FOUND (404) like find() would say.
    AccessToken t = p.tokens().accessToken(connectionId(ctx));
    SecurityHeaders.noStore(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", t.token().reveal());
    m.put("token_type", t.tokenType());
    m.put("expires_at", t.expiresAt().toString());
    m.put(
        "expires_in",
        Math.max(0, Duration.between(p.clock().instant(), t.expiresAt()).toSeconds()));
    m.put("connection_id", t.connectionId());
    m.put("base_uri", t.baseUri());
    send(ctx, 200, m);
  }

  private void refresh(Context ctx) throws Exception {
    Connection c = find(ctx);
    p.tokens().forceRefresh(c.id());
    Connection after = p.connections().find(c.id()).orElse(c);
    SecurityHeaders.noStore(ctx);
    send(ctx, 200, ConnectionJson.of(after, p.reconnectUrl()));
  }

  private void accounts(Context ctx) throws Exception {
    send(ctx, 200, Map.of("accounts", ConnectionJson.accounts(find(ctx))));
  }

  private void selectAccount(Context ctx) throws Exception {
    Connection c = find(ctx);
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = p.json().readTree(ctx.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpProblem.badRequest("The body must be JSON like {\"account_id\": \"…\"}.");
    }
    if (body == null || !body.path("account_id").isTextual()) {
      throw HttpProblem.badRequest("The body must be JSON like {\"account_id\": \"…\"}.");
    }
    String accountId = body.get("account_id").asText();
    var account =
        c.accounts().stream()
            .filter(a -> a.accountId().equals(accountId))
            .findFirst()
            .orElseThrow(
                () ->
                    HttpProblem.badRequest(
                        "This connection has no account "
                            + accountId
                            + "; see GET /api/connections/"
                            + c.id()
                            + "/accounts."));
    Connection changed =
        p.connections()
            .compareAndSet(c.withSelectedAccount(account, p.clock().instant()))
            .orElseThrow(
                () -> new HttpProblem(409, "conflict", "The connection changed meanwhile; retry."));
    p.tokens().invalidate(c.id());
    send(ctx, 200, ConnectionJson.of(changed, p.reconnectUrl()));
  }

  /**
   * The relay hands the caller's own (rotated) refresh token back: the caller already holds it, and
   * keeping the new one from them would strand their grant. Nothing is stored.
   */
  private void relay(Context ctx) throws Exception {
    String providerId =
        ctx.queryParam("provider") == null ? "boldsign" : ctx.queryParam("provider");
    Provider provider =
        p.providers()
            .find(providerId)
            .orElseThrow(
                () -> HttpProblem.notFound("No provider '" + providerId + "' is configured."));
    String rt;
    try {
      rt = ctx.formParam("refresh_token");
    } catch (RuntimeException e) {
      throw HttpProblem.badRequest(
          "Send refresh_token as an application/x-www-form-urlencoded field.");
    }
    if (rt == null || rt.isBlank() || rt.length() > 4096) {
      throw HttpProblem.badRequest("The form field refresh_token is required.");
    }
    TokenSet t = p.relay().refresh(provider.profile(), Secret.of(rt.trim()));
    SecurityHeaders.noStore(ctx);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", t.accessToken().reveal());
    m.put("token_type", t.tokenType());
    m.put(
        "expires_in",
        Math.max(0, Duration.between(p.clock().instant(), t.accessExpiresAt()).toSeconds()));
    m.put("expires_at", t.accessExpiresAt().toString());
    if (t.refreshToken() != null) {
      m.put("refresh_token", t.refreshToken().reveal());
    }
    if (!t.scopes().isEmpty()) {
      m.put("scope", String.join(" ", t.scopes()));
    }
    send(ctx, 200, m);
  }

  private static String connectionId(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.length() > 100) {
      throw HttpProblem.notFound("No connection with that id.");
    }
    return id;
  }

  private Connection find(Context ctx) {
    String id = connectionId(ctx);
    return p.connections()
        .find(id)
        .orElseThrow(
            () ->
                HttpProblem.notFound(
                    "No connection with id " + id + "; list them at /api/connections."));
  }

  private void send(Context ctx, int status, Object body) throws Exception {
    ctx.status(status).contentType("application/json").result(p.json().writeValueAsString(body));
  }
}
