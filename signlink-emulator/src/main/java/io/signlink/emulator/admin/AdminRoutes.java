package io.signlink.emulator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.Faults;
import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON admin endpoints:
 *
 * <ul>
 *   <li>{@code GET /_emulator} — base URLs and registered clients (ids and redirect URIs)
 *   <li>{@code GET /_emulator/stats}, {@code POST /_emulator/stats/reset}
 *   <li>{@code POST /_emulator/keys/rotate} → {@code {"kid": …}}
 *   <li>{@code POST /_emulator/tokens/expire} → {@code {"expired": n}}
 *   <li>{@code POST /_emulator/grants/revoke} with {@code {"token": …}} or {@code {"provider":
 *       "boldsign", "client_id": …, "sub": …}} → {@code {"revoked": n}}
 *   <li>{@code POST /_emulator/faults/token} with {@code {"count": n, "status": 503,
 *       "retry_after_seconds": 2}}, {@code POST /_emulator/faults/clear}
 *   <li>{@code POST /_emulator/faults/refresh-answer} with {@code {"count": n, "fault":
 *       "SUBJECT_CHANGED"}} (see {@link io.signlink.emulator.Faults.RefreshAnswerFault})
 * </ul>
 *
 * <p>Mutating calls from a browser page of another origin are refused (an {@code Origin} header
 * that is not the emulator's own), so a web page cannot drive the emulator.
 *
 * <p>Thread-safe: stateless; delegates to the thread-safe {@link Emulator}.
 */
public final class AdminRoutes {

  private static final String PREFIX = "/_emulator";

  private final Emulator emulator;
  private final ObjectMapper mapper;

  public AdminRoutes(Emulator emulator, ObjectMapper mapper) {
    this.emulator = emulator;
    this.mapper = mapper;
  }

  public void mount(RoutesConfig app) {
    app.get(PREFIX, this::info);
    app.get(PREFIX + "/stats", ctx -> ctx.json(emulator.stats().snapshot()));
    app.post(
        PREFIX + "/stats/reset",
        guarded(
            ctx -> {
              emulator.stats().reset();
              ctx.json(Map.of("reset", true));
            }));
    app.post(
        PREFIX + "/keys/rotate",
        guarded(ctx -> ctx.json(Map.of("kid", emulator.rotateSigningKey()))));
    app.post(
        PREFIX + "/tokens/expire",
        guarded(ctx -> ctx.json(Map.of("expired", emulator.expireAccessTokens()))));
    app.post(PREFIX + "/grants/revoke", guarded(this::revoke));
    app.post(PREFIX + "/faults/token", guarded(this::tokenFault));
    app.post(PREFIX + "/faults/refresh-answer", guarded(this::refreshAnswerFault));
    app.post(
        PREFIX + "/faults/clear",
        guarded(
            ctx -> {
              emulator.faults().clear();
              ctx.json(Map.of("cleared", true));
            }));
  }

  private void info(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("base_uri", emulator.baseUri().toString());
    body.put(
        "boldsign",
        Map.of(
            "account_base", emulator.boldSignAccountBase().toString(),
            "issuer", emulator.boldSignAccountBase().toString(),
            "api_base", emulator.boldSignApiBase().toString()));
    body.put(
        "docusign",
        Map.of(
            "account_base", emulator.docuSignAccountBase().toString(),
            "api_base", emulator.docuSignApiBase().toString(),
            "jwt_audience", emulator.docuSignJwtAudience()));
    for (Provider provider : emulator.providers()) {
      if (!body.containsKey(provider.id())) {
        Map<String, Object> bases = new LinkedHashMap<>();
        bases.put("account_base", emulator.accountBase(provider).toString());
        bases.put("api_base", emulator.apiBase(provider).toString());
        emulator
            .profile(provider)
            .hosts()
            .keySet()
            .forEach(
                host ->
                    bases.put("host_" + host, emulator.hostBase(provider, host, null).toString()));
        body.put(provider.id(), bases);
      }
    }
    List<Map<String, Object>> clients =
        emulator.clients().stream().map(AdminRoutes::client).toList();
    body.put("clients", clients);
    ctx.json(body);
  }

  private static Map<String, Object> client(RegisteredClient c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("provider", c.provider().id());
    json.put("client_id", c.clientId());
    json.put("public", c.isPublic());
    json.put("redirect_uris", c.redirectUris());
    return json;
  }

  private void revoke(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    if (body.hasNonNull("token")) {
      ctx.json(Map.of("revoked", emulator.revokeGrantOfToken(body.get("token").asText()) ? 1 : 0));
      return;
    }
    Provider provider;
    try {
      provider = emulator.provider(body.path("provider").asText("").toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      ctx.status(400)
          .json(
              Map.of(
                  "error",
                  "Send {\"token\": …} or {\"provider\": \""
                      + String.join("|", emulator.providers().stream().map(Provider::id).toList())
                      + "\", \"client_id\": …, \"sub\": …}."));
      return;
    }
    String clientId = body.hasNonNull("client_id") ? body.get("client_id").asText() : null;
    String sub = body.hasNonNull("sub") ? body.get("sub").asText() : null;
    ctx.json(Map.of("revoked", emulator.revokeGrants(provider, clientId, sub)));
  }

  private void tokenFault(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    int count = body.path("count").asInt(1);
    int status = body.path("status").asInt(503);
    Duration retryAfter =
        body.hasNonNull("retry_after_seconds")
            ? Duration.ofSeconds(body.get("retry_after_seconds").asLong())
            : null;
    try {
      emulator.faults().failNextTokenRequests(count, status, retryAfter);
    } catch (IllegalArgumentException e) {
      ctx.status(400).json(Map.of("error", e.getMessage()));
      return;
    }
    ctx.json(Map.of("count", count, "status", status));
  }

  private void refreshAnswerFault(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    int count = body.path("count").asInt(1);
    Faults.RefreshAnswerFault fault;
    try {
      fault =
          Faults.RefreshAnswerFault.valueOf(body.path("fault").asText("").toUpperCase(Locale.ROOT));
      emulator.faults().spoilNextRefreshAnswers(count, fault);
    } catch (IllegalArgumentException e) {
      ctx.status(400)
          .json(
              Map.of(
                  "error",
                  "Send {\"count\": n, \"fault\": one of "
                      + List.of(Faults.RefreshAnswerFault.values())
                      + "}."));
      return;
    }
    ctx.json(Map.of("count", count, "fault", fault.name()));
  }

  private JsonNode body(Context ctx) throws IOException {
    String text = ctx.body();
    return text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
  }

  private Handler guarded(Handler handler) {
    return ctx -> {
      String origin = ctx.header("Origin");
      if (origin != null && !origin.equals(emulator.baseUri().toString())) {
        ctx.status(403).json(Map.of("error", "Cross-origin admin requests are refused."));
        return;
      }
      try {
        handler.handle(ctx);
      } catch (JsonProcessingException e) {
        ctx.status(400).json(Map.of("error", "The body must be a JSON object."));
      }
    };
  }
}
