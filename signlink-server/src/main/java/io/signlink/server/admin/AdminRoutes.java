package io.signlink.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.signlink.application.ApiScope;
import io.signlink.application.Application;
import io.signlink.application.ApplicationStore;
import io.signlink.application.WebhookEvents;
import io.signlink.oauth.Secret;
import io.signlink.runtime.webhook.ApplicationWebhooks;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ApiPrincipal;
import io.signlink.server.auth.ConsoleSessions;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.ApiKeyStore;
import io.signlink.store.apikey.IssuedApiKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /api/applications} and {@code /api/keys} (SECURITY.md §applications). Revoking a key here
 * stops it at once in this process and ends the console sessions it opened. Thread-safe.
 */
public final class AdminRoutes {
  /** Everything the routes use, built by the composition root. */
  public record Parts(
      ObjectMapper json,
      ApiKeyAuth auth,
      ApplicationStore applications,
      ApiKeyStore keys,
      ConsoleSessions sessions,
      ApplicationWebhooks webhooks,
      Clock clock) {}

  private final Parts p;

  public AdminRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
  }

  public void register(RouteTable routes) {
    declare(
        p.auth(),
        routes,
        HandlerType.GET,
        "/api/applications",
        "Applications the key may manage (the operator's: all)",
        this::listApplications,
        200,
        401);
    declare(
        p.auth(),
        routes,
        HandlerType.POST,
        "/api/applications",
        "Create an application (operator only): {id, name, return_urls, webhook_url,"
            + " webhook_secret, webhook_events, tags}",
        this::createApplication,
        201,
        400,
        401,
        409);
    declare(
        p.auth(),
        routes,
        HandlerType.GET,
        "/api/applications/{appId}",
        "One application (the webhook secret is never shown)",
        ctx -> send(ctx, 200, applicationJson(managed(ctx))),
        200,
        401,
        404);
    declare(
        p.auth(),
        routes,
        HandlerType.PATCH,
        "/api/applications/{appId}",
        "Change an application's name, return URLs, webhook or tags",
        this::updateApplication,
        200,
        400,
        401,
        404);
    declare(
        p.auth(),
        routes,
        HandlerType.GET,
        "/api/keys",
        "API keys the key may manage, with last use (?application=)",
        this::listKeys,
        200,
        401);
    declare(
        p.auth(),
        routes,
        HandlerType.POST,
        "/api/keys",
        "Create a key: {name, application, scopes, expires_at}; the key is shown once",
        this::createKey,
        201,
        400,
        401,
        404);
    declare(
        p.auth(),
        routes,
        HandlerType.DELETE,
        "/api/keys/{keyId}",
        "Revoke a key; its console sessions end",
        this::revokeKey,
        200,
        401,
        404);
  }

  /**
   * Declares an API route that needs the {@code admin} scope and answers {@code no-store}; the one
   * way the admin routes (applications, keys, webhook deliveries) are declared.
   */
  static void declare(
      ApiKeyAuth auth,
      RouteTable routes,
      HandlerType method,
      String path,
      String summary,
      Handler handler,
      Integer... responses) {
    RouteDoc doc = RouteDoc.api(summary, responses).requiring(ApiScope.ADMIN);
    routes.add(
        method,
        path,
        doc,
        ctx -> {
          auth.require(ctx, doc.scopes());
          SecurityHeaders.noStore(ctx);
          handler.handle(ctx);
        });
  }

  // ---------------------------------------------------------------- applications

  private void listApplications(Context ctx) throws Exception {
    ApiPrincipal who = ApiPrincipal.of(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Application a : p.applications().list()) {
      if (who.isOperator() || who.owns(a.id())) {
        out.add(applicationJson(a));
      }
    }
    send(ctx, 200, Map.of("applications", out));
  }

  private void createApplication(Context ctx) throws Exception {
    if (!ApiPrincipal.of(ctx).isOperator()) {
      throw new HttpProblem(
          403,
          "insufficient_scope",
          "Only an admin key of the default application (the operator's) creates applications.");
    }
    JsonNode body = body(ctx);
    String id = text(body, "id");
    if (id == null || Application.idProblem(id) != null) {
      throw HttpProblem.badRequest(
          "The body needs \"id\": " + Application.idProblem(id == null ? "" : id) + ".");
    }
    Application draft =
        settings(
            body,
            new Application(
                id,
                text(body, "name") == null ? id : text(body, "name"),
                List.of(),
                null,
                null,
                Set.of(),
                List.of(),
                p.clock().instant()));
    Application created;
    try {
      created = p.applications().create(draft);
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(409, "conflict", capitalise(e.getMessage()) + ".");
    }
    send(ctx, 201, applicationJson(created));
  }

  private void updateApplication(Context ctx) throws Exception {
    Application current = managed(ctx);
    Application changed = settings(body(ctx), current);
    Application stored;
    try {
      stored =
          p.applications()
              .update(changed)
              .orElseThrow(() -> HttpProblem.notFound("No application " + current.id() + "."));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(capitalise(e.getMessage()) + ".");
    }
    p.webhooks().forget(stored.id());
    send(ctx, 200, applicationJson(stored));
  }

  /** The path's application, if the caller may manage it; 404 otherwise. */
  private Application managed(Context ctx) {
    String id = ctx.pathParam("appId");
    ApiPrincipal who = ApiPrincipal.of(ctx);
    if (!who.isOperator() && !who.owns(id)) {
      throw HttpProblem.notFound("No application " + id + " for this key.");
    }
    return p.applications()
        .find(id)
        .orElseThrow(() -> HttpProblem.notFound("No application " + id + " for this key."));
  }

  /** {@code base} with the settings present in {@code body}; absent fields keep their value. */
  private static Application settings(JsonNode body, Application base) {
    String name = body.has("name") ? text(body, "name") : base.name();
    if (name == null || name.isBlank()) {
      throw HttpProblem.badRequest("\"name\" must be a non-empty string.");
    }
    List<URI> returnUrls =
        body.has("return_urls")
            ? strings(body, "return_urls").stream().map(AdminRoutes::returnUrl).toList()
            : base.returnUrls();
    URI webhookUrl = base.webhookUrl();
    Secret secret = base.webhookSecret();
    if (body.has("webhook_url")) {
      String url = text(body, "webhook_url");
      webhookUrl = url == null || url.isBlank() ? null : absoluteUrl(url, "webhook_url");
      if (webhookUrl == null) {
        secret = null;
      }
    }
    if (body.has("webhook_secret")) {
      String s = text(body, "webhook_secret");
      if (s == null || s.length() < 16) {
        throw HttpProblem.badRequest("\"webhook_secret\" must be at least 16 characters.");
      }
      secret = Secret.of(s);
    }
    if (webhookUrl != null && secret == null) {
      throw HttpProblem.badRequest(
          "A webhook needs \"webhook_secret\" (16+ characters) to sign its deliveries.");
    }
    Set<String> events =
        body.has("webhook_events")
            ? new LinkedHashSet<>(strings(body, "webhook_events"))
            : base.webhookEvents();
    String eventsProblem = WebhookEvents.problem(events);
    if (eventsProblem != null) {
      throw HttpProblem.badRequest("\"webhook_events\": " + eventsProblem + ".");
    }
    List<String> tags = body.has("tags") ? strings(body, "tags") : base.tags();
    for (String tag : tags) {
      if (Application.tagProblem(tag) != null) {
        throw HttpProblem.badRequest("Tag '" + tag + "': " + Application.tagProblem(tag) + ".");
      }
    }
    return new Application(
        base.id(), name, returnUrls, webhookUrl, secret, events, tags, base.createdAt());
  }

  private static URI returnUrl(String s) {
    return absoluteUrl(s, "return_urls");
  }

  private static URI absoluteUrl(String s, String field) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      u = null;
    }
    String problem = Application.urlProblem(u);
    if (problem != null) {
      throw HttpProblem.badRequest("\"" + field + "\": " + problem + ".");
    }
    return u;
  }

  static Map<String, Object> applicationJson(Application a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("name", a.name());
    m.put("return_urls", a.returnUrls().stream().map(URI::toString).toList());
    m.put("webhook_url", a.webhookUrl() == null ? null : a.webhookUrl().toString());
    m.put("webhook_secret_set", a.webhookSecret() != null);
    m.put("webhook_events", a.webhookEvents().stream().sorted().toList());
    m.put("tags", a.tags());
    m.put("created_at", a.createdAt().toString());
    return m;
  }

  // ---------------------------------------------------------------- keys

  private void listKeys(Context ctx) throws Exception {
    ApiPrincipal who = ApiPrincipal.of(ctx);
    String app = ctx.queryParam("application");
    List<ApiKey> keys;
    if (who.isOperator()) {
      keys = app == null || app.isBlank() ? p.keys().list() : p.keys().list(app);
    } else {
      keys = p.keys().list(who.applicationId());
    }
    send(ctx, 200, Map.of("keys", keys.stream().map(AdminRoutes::keyJson).toList()));
  }

  private void createKey(Context ctx) throws Exception {
    ApiPrincipal who = ApiPrincipal.of(ctx);
    JsonNode body = body(ctx);
    String name = text(body, "name");
    String app = body.has("application") ? text(body, "application") : who.applicationId();
    if (app == null || (!who.isOperator() && !who.owns(app))) {
      throw HttpProblem.notFound("No application " + app + " for this key.");
    }
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    for (String s : strings(body, "scopes")) {
      scopes.add(
          ApiScope.fromWire(s)
              .orElseThrow(
                  () ->
                      HttpProblem.badRequest(
                          "Unknown scope '" + s + "'; use some of: " + ApiScope.known() + ".")));
    }
    Instant expiresAt = null;
    if (body.hasNonNull("expires_at")) {
      try {
        expiresAt = Instant.parse(body.get("expires_at").asText());
      } catch (DateTimeParseException e) {
        throw HttpProblem.badRequest(
            "\"expires_at\" must be an ISO-8601 instant like 2027-01-31T00:00:00Z.");
      }
    } else if (body.hasNonNull("expires_in_days")) {
      expiresAt = p.clock().instant().plus(Duration.ofDays(body.get("expires_in_days").asLong()));
    }
    IssuedApiKey issued;
    try {
      issued = p.keys().create(name, app, scopes, expiresAt);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(capitalise(e.getMessage()) + ".");
    }
    Map<String, Object> m = keyJson(issued.apiKey());
    m.put("key", issued.plaintext().reveal());
    m.put("note", "Store the key now: it is shown only once.");
    send(ctx, 201, m);
  }

  private void revokeKey(Context ctx) throws Exception {
    ApiPrincipal who = ApiPrincipal.of(ctx);
    String id = ctx.pathParam("keyId");
    ApiKey key =
        p.keys()
            .find(id)
            .filter(k -> who.isOperator() || who.owns(k.applicationId()))
            .orElseThrow(() -> HttpProblem.notFound("No API key " + id + " for this key."));
    boolean revoked = p.keys().revoke(key.id());
    p.auth().forget(key.id());
    int sessions = p.sessions().closeAllOf(key.id());
    Map<String, Object> m = keyJson(p.keys().find(key.id()).orElse(key));
    m.put("revoked_now", revoked);
    m.put("console_sessions_ended", sessions);
    send(ctx, 200, m);
  }

  static Map<String, Object> keyJson(ApiKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("name", k.name());
    m.put("prefix", k.prefix());
    m.put("application", k.applicationId());
    m.put("scopes", k.scopes().stream().sorted().map(ApiScope::wireName).toList());
    m.put("created_at", k.createdAt().toString());
    m.put("expires_at", iso(k.expiresAt()));
    m.put("last_used_at", iso(k.lastUsedAt()));
    m.put("revoked_at", iso(k.revokedAt()));
    return m;
  }

  // ---------------------------------------------------------------- helpers

  private JsonNode body(Context ctx) {
    try {
      JsonNode n = p.json().readTree(ctx.body());
      if (n == null || !n.isObject()) {
        throw HttpProblem.badRequest("The body must be a JSON object.");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpProblem.badRequest("The body must be a JSON object.");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw HttpProblem.badRequest("\"" + field + "\" must be a string.");
    }
    return n.asText();
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw HttpProblem.badRequest("\"" + field + "\" must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw HttpProblem.badRequest("\"" + field + "\" must be a list of strings.");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String capitalise(String s) {
    return s == null || s.isEmpty()
        ? "Invalid request"
        : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private void send(Context ctx, int status, Object body) throws Exception {
    ctx.status(status).contentType("application/json").result(p.json().writeValueAsString(body));
  }
}
