package io.signlink.server.console;

import static io.signlink.server.http.Html.esc;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.signlink.application.Application;
import io.signlink.application.ApplicationStore;
import io.signlink.server.auth.ApiPrincipal;
import io.signlink.server.auth.ConsoleSessions;
import io.signlink.server.http.Html;
import io.signlink.server.route.RouteDoc;
import io.signlink.server.route.RouteTable;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import io.signlink.store.outbox.WebhookOutbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /console/webhooks}: the webhook deliveries of the applications the signed-in key manages —
 * how many wait, were delivered or were given up, the given-up and waiting ones with what the
 * receiver last answered, and a button that sends a given-up one again (SECURITY.md
 * §durable-webhooks). Sessions and CSRF are the console's ({@link ConsoleRoutes}). Thread-safe.
 */
public final class ConsoleWebhooks {
  private static final int SHOWN = 20;

  private final ConsoleRoutes console;
  private final ApplicationStore applications;
  private final WebhookOutbox outbox;
  private final Duration retryFor;
  private final Runnable sendNow;

  /**
   * @param retryFor how long a delivery sent again is retried
   * @param sendNow asks this instance's sender to read the outbox now
   */
  public ConsoleWebhooks(
      ConsoleRoutes console,
      ApplicationStore applications,
      WebhookOutbox outbox,
      Duration retryFor,
      Runnable sendNow) {
    this.console = Objects.requireNonNull(console, "console");
    this.applications = Objects.requireNonNull(applications, "applications");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
    this.sendNow = Objects.requireNonNull(sendNow, "sendNow");
  }

  public void register(RouteTable routes) {
    routes.get(
        "/console/webhooks",
        RouteDoc.console("Webhook deliveries: waiting, delivered, given up", 200, 303),
        this::page);
    routes.post(
        "/console/webhooks/{appId}/{deliveryId}/retry",
        RouteDoc.console("Send a given-up webhook delivery again", 303, 403),
        this::retry);
  }

  private void page(Context ctx) {
    ConsoleSessions.Session s = console.session(ctx);
    if (s == null) {
      return;
    }
    StringBuilder b = new StringBuilder();
    s.takeFlash()
        .ifPresent(
            f ->
                b.append("<div class=\"flash")
                    .append(f.getValue() ? " error" : "")
                    .append("\" id=\"flash\">")
                    .append(esc(f.getKey()))
                    .append("</div>"));
    b.append("<section class=\"card\"><h1>Webhook deliveries</h1>")
        .append("<p class=\"muted\">A delivery is retried for 24 hours, then given up; a receiver")
        .append(" that refuses one (4xx) gives it up at once. <a href=\"/console\">Back</a></p>")
        .append("</section>");
    for (Application app : managed(s.principal())) {
      section(b, app, s.csrf());
    }
    ctx.status(200)
        .contentType("text/html; charset=utf-8")
        .result(Html.page("Webhooks", b.toString()));
  }

  private void section(StringBuilder b, Application app, String csrf) {
    Map<DeliveryStatus, Long> counts = outbox.counts(app.id());
    b.append("<section class=\"card\" id=\"webhooks-")
        .append(esc(app.id()))
        .append("\"><h2>")
        .append(esc(app.name()))
        .append("</h2><p>")
        .append(counts.get(DeliveryStatus.PENDING))
        .append(" waiting · ")
        .append(counts.get(DeliveryStatus.DELIVERED))
        .append(" delivered · <strong>")
        .append(counts.get(DeliveryStatus.FAILED))
        .append(" given up</strong></p>");
    table(b, app, outbox.list(app.id(), DeliveryStatus.FAILED, SHOWN), csrf, "Given up");
    table(b, app, outbox.list(app.id(), DeliveryStatus.PENDING, SHOWN), null, "Waiting");
    b.append("</section>");
  }

  private static void table(
      StringBuilder b, Application app, List<Delivery> rows, String csrf, String title) {
    if (rows.isEmpty()) {
      return;
    }
    b.append("<h3>")
        .append(esc(title))
        .append("</h3><table><thead><tr><th>Event</th><th>Connection</th><th>Endpoint</th>")
        .append("<th>Attempts</th><th>Last answer</th><th>")
        .append(csrf == null ? "Next attempt" : "Given up at")
        .append("</th>")
        .append(csrf == null ? "" : "<th></th>")
        .append("</tr></thead><tbody>");
    for (Delivery d : rows) {
      b.append("<tr data-delivery-id=\"")
          .append(esc(d.id()))
          .append("\"><td>")
          .append(esc(d.eventType()))
          .append("</td><td>")
          .append(esc(d.connectionId() == null ? "" : d.connectionId()))
          .append("</td><td>")
          .append(esc(d.endpoint().getHost()))
          .append("</td><td>")
          .append(d.attempts())
          .append("</td><td>")
          .append(esc(d.lastResult() == null ? "" : d.lastResult()))
          .append("</td><td>")
          .append(esc(String.valueOf(csrf == null ? d.nextAttemptAt() : d.finishedAt())))
          .append("</td>");
      if (csrf != null) {
        b.append("<td><form method=\"post\" action=\"/console/webhooks/")
            .append(esc(app.id()))
            .append('/')
            .append(esc(d.id()))
            .append("/retry\"><input type=\"hidden\" name=\"csrf\" value=\"")
            .append(esc(csrf))
            .append(
                "\"><button type=\"submit\" class=\"secondary\">Send again</button></form></td>");
      }
      b.append("</tr>");
    }
    b.append("</tbody></table>");
  }

  private void retry(Context ctx) {
    ConsoleSessions.Session s = console.csrfChecked(ctx);
    if (s == null) {
      return;
    }
    String app = ctx.pathParam("appId");
    String id = ctx.pathParam("deliveryId");
    boolean mine = managed(s.principal()).stream().anyMatch(a -> a.id().equals(app));
    if (mine && outbox.redeliver(app, id, retryFor)) {
      sendNow.run();
      s.flash("Sending the delivery again; it is retried for another 24 hours.", false);
    } else {
      s.flash("That delivery is not given up (or not yours); reload the page to see it now.", true);
    }
    ctx.redirect("/console/webhooks", HttpStatus.SEE_OTHER);
  }

  /** The applications the signed-in key manages: the operator's, all. */
  private List<Application> managed(ApiPrincipal who) {
    return applications.list().stream().filter(a -> who.isOperator() || who.owns(a.id())).toList();
  }
}
