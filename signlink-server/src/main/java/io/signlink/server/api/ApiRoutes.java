package io.signlink.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.signlink.application.ApiScope;
import io.signlink.connection.AccessToken;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.provider.ProviderRegistry;
import io.signlink.runtime.ConnectionRemoval;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ApiPrincipal;
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
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON API under {@code /api}. Every route checks the API key and the scope its {@link
 * RouteDoc} names, and acts only within the caller's application: a connection of another
 * application is answered 404 exactly like one that does not exist (SECURITY.md §applications).
 * Thread-safe.
 */
public final class ApiRoutes {
  /** Everything the routes use, built by the composition root. */
  public record Parts(
      ObjectMapper json,
      ApiKeyAuth auth,
      ConnectionStore connections,
      ConnectionOwners owners,
      TokenManager tokens,
      ConnectionRemoval removal,
      ApiProxy proxy,
      ProviderRegistry providers,
      Function<Connection, String> reconnectUrl,
      Clock clock) {}

  private static final int MAX_LIST = 500;

  /** The proxy's route template; {@link ProxyHandler} serves its usual requests below Javalin. */
  public static final String PROXY_PATH = "/api/connections/{id}/proxy/<path>";

  /** The scopes of which a key needs one to use the proxy. */
  static final Set<ApiScope> PROXY_SCOPES = Set.of(ApiScope.TOKENS_READ);

  private final Parts p;
  private final AccountSelection accountSelection;

  public ApiRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
    this.accountSelection = new AccountSelection(p.connections(), p.tokens(), p.clock());
  }

  public void register(RouteTable routes) {
    guarded(
        routes,
        HandlerType.GET,
        "/api/connections",
        RouteDoc.api(
                "List the application's connections, optionally of one owner (?owner=)", 200, 401)
            .requiring(ApiScope.TOKENS_READ, ApiScope.CONNECTIONS_MANAGE),
        this::list);
    guarded(
        routes,
        HandlerType.GET,
        "/api/connections/{id}",
        RouteDoc.api("One connection (no tokens)", 200, 401, 404)
            .requiring(ApiScope.TOKENS_READ, ApiScope.CONNECTIONS_MANAGE),
        this::one);
    guarded(
        routes,
        HandlerType.DELETE,
        "/api/connections/{id}",
        RouteDoc.api("Revoke at the provider (when possible) and delete", 200, 401, 404)
            .requiring(ApiScope.CONNECTIONS_MANAGE),
        this::delete);
    guarded(
        routes,
        HandlerType.POST,
        "/api/connections/{id}/token",
        RouteDoc.api(
                "A valid access token (Cache-Control: no-store; never a refresh token)",
                200,
                401,
                404,
                409,
                429,
                502,
                503)
            .requiring(ApiScope.TOKENS_READ),
        this::token);
    guarded(
        routes,
        HandlerType.POST,
        "/api/connections/{id}/refresh",
        RouteDoc.api("Refresh now", 200, 401, 404, 409, 429, 502, 503)
            .requiring(ApiScope.TOKENS_READ),
        this::refresh);
    guarded(
        routes,
        HandlerType.GET,
        "/api/connections/{id}/accounts",
        RouteDoc.api("The connection's provider accounts", 200, 401, 404)
            .requiring(ApiScope.TOKENS_READ, ApiScope.CONNECTIONS_MANAGE),
        this::accounts);
    guarded(
        routes,
        HandlerType.POST,
        "/api/connections/{id}/account",
        RouteDoc.api(
                "Select which of the connection's accounts calls go to: {\"account_id\": …}",
                200,
                400,
                401,
                404,
                409)
            .requiring(ApiScope.CONNECTIONS_MANAGE),
        this::selectAccount);
    // The proxy is the hot path, and its pattern (a literal "proxy" segment after the id) matches
    // no other route's paths.
    routes.matchFirst(PROXY_PATH);
    for (HandlerType m :
        List.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE)) {
      guarded(
          routes,
          m,
          PROXY_PATH,
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
                  503)
              .requiring(PROXY_SCOPES.toArray(ApiScope[]::new)),
          // The owner check reads a cached map, not the row: the proxy stays off the database.
          ctx -> p.proxy().forward(ctx, ownedConnectionId(ctx)));
    }
    // The relay from BoldSign's guide refreshed any refresh token a caller sent, outside the token
    // manager's single flight and lease, so it could race (and kill, on rotation) a managed grant.
    // It is gone; the answer says what replaces it (SECURITY.md §refresh-tokens-stay).
    routes.post(
        "/refresh-token",
        RouteDoc.json("api", "Removed: use POST /api/connections/{id}/token", 410),
        ctx -> {
          throw new HttpProblem(
              410,
              "gone",
              "The /refresh-token relay was removed: SignLink keeps each connection's refresh"
                  + " token and refreshes it itself. Ask for a valid access token with POST"
                  + " /api/connections/{id}/token (it refreshes when needed, one refresh at a"
                  + " time).");
        });
  }

  /** Registers a route whose handler runs only for a key with one of the doc's scopes. */
  private void guarded(
      RouteTable routes, HandlerType method, String path, RouteDoc doc, Handler handler) {
    ApiKeyAuth auth = p.auth();
    routes.add(
        method,
        path,
        doc,
        ctx -> {
          auth.require(ctx, doc.scopes());
          handler.handle(ctx);
        });
  }

  private void list(Context ctx) throws Exception {
    String app = ApiPrincipal.of(ctx).applicationId();
    String owner = ctx.queryParam("owner");
    List<Connection> found =
        owner == null || owner.isBlank()
            ? p.connections().listByApplication(app, 0, MAX_LIST)
            : p.connections().findByOwner(app, owner);
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
    AccessToken t = p.tokens().accessToken(ownedConnectionId(ctx));
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
    Connection changed = accountSelection.select(c, body.get("account_id").asText());
    send(ctx, 200, ConnectionJson.of(changed, p.reconnectUrl()));
  }

  private static String connectionId(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.length() > 100) {
      throw HttpProblem.notFound("No connection with that id.");
    }
    return id;
  }

  /**
   * The path's connection id, if the caller's application owns that connection; otherwise the same
   * 404 as for an id that does not exist, so another application's ids cannot even be probed.
   */
  private String ownedConnectionId(Context ctx) {
    String id = connectionId(ctx);
    String owner = p.owners().applicationOf(id);
    if (owner == null || !ApiPrincipal.of(ctx).owns(owner)) {
      throw notFound(id);
    }
    return id;
  }

  private Connection find(Context ctx) {
    String id = ownedConnectionId(ctx);
    return p.connections().find(id).orElseThrow(() -> notFound(id));
  }

  private static HttpProblem notFound(String id) {
    return HttpProblem.notFound("No connection with id " + id + "; list them at /api/connections.");
  }

  private void send(Context ctx, int status, Object body) throws Exception {
    ctx.status(status).contentType("application/json").result(p.json().writeValueAsString(body));
  }
}
