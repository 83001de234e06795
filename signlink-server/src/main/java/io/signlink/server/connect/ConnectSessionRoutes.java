package io.signlink.server.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import io.signlink.store.connectsession.ConnectSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/connect-sessions} and {@code POST /api/connections/{id}/connect-session}: an
 * application's backend asks, with its API key, for a one-time connect link for one end user
 * (SECURITY.md §connect-sessions). The answer carries the token once and is not cached.
 * Thread-safe.
 */
public final class ConnectSessionRoutes {
  private static final String BODY_HINT =
      "The body must be JSON like {\"owner\": \"user-42\", \"email\": \"alice@example.com\","
          + " \"providers\": [\"docusign\"], \"return_url\": \"https://app.example.com/done\"}.";

  private final ObjectMapper json;
  private final ConnectCaller caller;
  private final ConnectSessionIssuer issuer;
  private final ConnectionStore connections;

  public ConnectSessionRoutes(
      ObjectMapper json,
      ConnectCaller caller,
      ConnectSessionIssuer issuer,
      ConnectionStore connections) {
    this.json = Objects.requireNonNull(json, "json");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  public void register(RouteTable routes) {
    routes.post(
        "/api/connect-sessions",
        RouteDoc.api(
            "Create a one-time connect link for an end user: {owner, email?, display_name?,"
                + " tags?, providers?, return_url?, expires_in?} → {token, connect_url, …}",
            201,
            400,
            401,
            403),
        this::create);
    routes.post(
        "/api/connections/{id}/connect-session",
        RouteDoc.api(
            "Create a one-time link that re-consents this connection: {return_url?,"
                + " allow_different_subject?, email?, display_name?, expires_in?}",
            201,
            400,
            401,
            403,
            404),
        this::reconnect);
  }

  private void create(Context ctx) throws Exception {
    String applicationId = caller.callerApplicationId(ctx, ConnectCaller.CREATE_SCOPE);
    JsonNode body = body(ctx, true);
    ConnectSessionIssuer.Issued issued =
        issuer.create(applicationId, request(body, field(body, "owner")));
    send(ctx, issued);
  }

  private void reconnect(Context ctx) throws Exception {
    String applicationId = caller.callerApplicationId(ctx, ConnectCaller.MANAGE_SCOPE);
    String id = ctx.pathParam("id");
    Connection c =
        (id.length() > 100 ? java.util.Optional.<Connection>empty() : connections.find(id))
            .orElseThrow(
                () ->
                    HttpProblem.notFound(
                        "No connection with id " + id + "; list them at /api/connections."));
    JsonNode body = body(ctx, false);
    JsonNode allow = body.path("allow_different_subject");
    if (!allow.isMissingNode() && !allow.isBoolean()) {
      throw HttpProblem.badRequest("allow_different_subject must be true or false.");
    }
    ConnectSessionIssuer.Issued issued =
        issuer.reconnect(applicationId, c, request(body, c.owner()), allow.asBoolean(false));
    send(ctx, issued);
  }

  private ConnectSessionIssuer.Request request(JsonNode body, String owner) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode t = body.path("tags");
    if (!t.isMissingNode() && !t.isNull()) {
      if (!t.isObject()) {
        throw HttpProblem.badRequest(
            "tags must be an object of strings, like {\"plan\": \"pro\"}.");
      }
      for (Map.Entry<String, JsonNode> e : t.properties()) {
        if (!e.getValue().isTextual()) {
          throw HttpProblem.badRequest("Every tag value must be a string.");
        }
        tags.put(e.getKey(), e.getValue().asText());
      }
    }
    List<String> providers = new ArrayList<>();
    JsonNode ps = body.path("providers");
    if (!ps.isMissingNode() && !ps.isNull()) {
      if (!ps.isArray()) {
        throw HttpProblem.badRequest("providers must be an array of provider ids.");
      }
      ps.forEach(
          n -> {
            if (!n.isTextual()) {
              throw HttpProblem.badRequest("providers must be an array of provider ids.");
            }
            providers.add(n.asText());
          });
    }
    JsonNode exp = body.path("expires_in");
    Duration ttl = null;
    if (!exp.isMissingNode() && !exp.isNull()) {
      if (!exp.canConvertToLong() || !exp.isIntegralNumber()) {
        throw HttpProblem.badRequest("expires_in must be a whole number of seconds (60–1800).");
      }
      ttl = Duration.ofSeconds(exp.asLong());
    }
    return new ConnectSessionIssuer.Request(
        owner,
        field(body, "email"),
        field(body, "display_name"),
        tags,
        providers,
        field(body, "return_url"),
        ttl);
  }

  private JsonNode body(Context ctx, boolean required) {
    String raw = ctx.body();
    if (raw.isBlank()) {
      if (required) {
        throw HttpProblem.badRequest(BODY_HINT);
      }
      return json.createObjectNode();
    }
    try {
      JsonNode n = json.readTree(raw);
      if (n == null || !n.isObject()) {
        throw HttpProblem.badRequest(BODY_HINT);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw HttpProblem.badRequest(BODY_HINT);
    }
  }

  private static String field(JsonNode body, String name) {
    JsonNode n = body.path(name);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw HttpProblem.badRequest(name + " must be a string.");
    }
    return n.asText();
  }

  private void send(Context ctx, ConnectSessionIssuer.Issued issued) throws Exception {
    ConnectSession s = issued.issued().session();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("token", issued.issued().token().reveal());
    m.put("connect_url", issued.connectUrl().toString());
    m.put("expires_at", s.expiresAt().toString());
    m.put("owner", s.owner());
    m.put("providers", s.allowedProviders());
    m.put("return_url", s.returnUrl());
    if (s.connectionId() != null) {
      m.put("connection_id", s.connectionId());
      m.put("allow_different_subject", s.allowDifferentSubject());
    }
    SecurityHeaders.noStore(ctx);
    ctx.status(201).contentType("application/json").result(json.writeValueAsString(m));
  }
}
