package io.signlink.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.signlink.application.ApplicationStore;
import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ApiPrincipal;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.route.RouteTable;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import io.signlink.store.outbox.WebhookOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /api/applications/{appId}/webhook-deliveries}: an application's webhook deliveries —
 * waiting, delivered and given up — and sending a given-up one again (SECURITY.md
 * §durable-webhooks, §applications). Another application's deliveries answer 404. Thread-safe.
 */
public final class WebhookDeliveryRoutes {
  /** The most deliveries one listing returns. */
  static final int MAX_LIMIT = 500;

  /**
   * Everything the routes use, built by the composition root.
   *
   * @param retryFor how long a delivery sent again is retried
   * @param sendNow asks this instance's sender to read the outbox now
   */
  public record Parts(
      ObjectMapper json,
      ApiKeyAuth auth,
      ApplicationStore applications,
      WebhookOutbox outbox,
      Duration retryFor,
      Runnable sendNow) {}

  private final Parts p;

  public WebhookDeliveryRoutes(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
  }

  public void register(RouteTable routes) {
    AdminRoutes.declare(
        p.auth(),
        routes,
        HandlerType.GET,
        "/api/applications/{appId}/webhook-deliveries",
        "The application's webhook deliveries, newest first, with counts per status"
            + " (?status=pending|delivered|failed, ?limit=1..500)",
        this::list,
        200,
        400,
        401,
        404);
    AdminRoutes.declare(
        p.auth(),
        routes,
        HandlerType.POST,
        "/api/applications/{appId}/webhook-deliveries/{deliveryId}/retry",
        "Send a given-up (failed) delivery again, retried as a new one",
        this::retry,
        200,
        401,
        404,
        409);
  }

  private void list(Context ctx) throws Exception {
    String app = managed(ctx);
    DeliveryStatus status = status(ctx.queryParam("status"));
    int limit = limit(ctx.queryParam("limit"));
    Map<String, Object> counts = new LinkedHashMap<>();
    p.outbox().counts(app).forEach((s, n) -> counts.put(s.name().toLowerCase(Locale.ROOT), n));
    List<Map<String, Object>> deliveries =
        p.outbox().list(app, status, limit).stream().map(WebhookDeliveryRoutes::json).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("counts", counts);
    out.put("deliveries", deliveries);
    send(ctx, 200, out);
  }

  private void retry(Context ctx) throws Exception {
    String app = managed(ctx);
    String id = ctx.pathParam("deliveryId");
    Delivery d =
        p.outbox()
            .find(app, id)
            .orElseThrow(
                () -> HttpProblem.notFound("No webhook delivery " + id + " in " + app + "."));
    if (!p.outbox().redeliver(app, id, p.retryFor())) {
      throw new HttpProblem(
          409,
          "conflict",
          "Webhook delivery "
              + id
              + " is "
              + d.status().name().toLowerCase(Locale.ROOT)
              + ", not failed; only a given-up delivery is sent again.");
    }
    p.sendNow().run();
    send(ctx, 200, json(p.outbox().find(app, id).orElseThrow()));
  }

  /** The path's application, if the caller may manage it; 404 otherwise. */
  private String managed(Context ctx) {
    String id = ctx.pathParam("appId");
    ApiPrincipal who = ApiPrincipal.of(ctx);
    if ((!who.isOperator() && !who.owns(id)) || p.applications().find(id).isEmpty()) {
      throw HttpProblem.notFound("No application " + id + " for this key.");
    }
    return id;
  }

  private static DeliveryStatus status(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return DeliveryStatus.valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(
          "\"status\" must be pending, delivered or failed (or absent for all).");
    }
  }

  private static int limit(String raw) {
    if (raw == null || raw.isBlank()) {
      return 50;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw HttpProblem.badRequest("\"limit\" must be a whole number from 1 to " + MAX_LIMIT + ".");
  }

  /** A delivery as the API shows it: its state and last answer, never its body or a secret. */
  static Map<String, Object> json(Delivery d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("event_id", d.eventId());
    m.put("event_type", d.eventType());
    m.put("connection_id", d.connectionId());
    m.put("endpoint", d.endpoint().toString());
    m.put("status", d.status().name().toLowerCase(Locale.ROOT));
    m.put("attempts", d.attempts());
    m.put("last_result", d.lastResult());
    m.put("last_attempt_at", iso(d.lastAttemptAt()));
    m.put("next_attempt_at", d.status() == DeliveryStatus.PENDING ? iso(d.nextAttemptAt()) : null);
    m.put("retry_until", iso(d.retryUntil()));
    m.put("created_at", iso(d.createdAt()));
    m.put("finished_at", iso(d.finishedAt()));
    return m;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private void send(Context ctx, int status, Object body) throws Exception {
    ctx.status(status).contentType("application/json").result(p.json().writeValueAsString(body));
  }
}
