package io.signlink.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.signlink.error.SignLinkException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a failure to the client: JSON for the API and operations routes, an HTML page for the
 * browser routes. Unexpected exceptions are logged here with a short reference that the client also
 * sees; the client never sees the exception (SECURITY.md §errors). Thread-safe.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

  private final ObjectMapper json;

  public ErrorResponder(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  public void respond(Throwable failure, Context ctx) {
    ErrorBody body = toBody(failure);
    if (body.status() >= 500 && !(failure instanceof SignLinkException)) {
      LOG.error("unexpected failure on {} {}", ctx.method(), routeOf(ctx), failure);
    } else if (body.status() >= 500) {
      LOG.warn("{} on {} {}: {}", body.error(), ctx.method(), routeOf(ctx), failure.getMessage());
    }
    if (wantsHtml(ctx)) {
      // End users on the connect pages get no link into the operator console.
      boolean console = ctx.path().startsWith("/console");
      html(
          ctx,
          body.status(),
          "Something went wrong",
          body.message(),
          console ? "/console" : null,
          console ? "Back to the console" : null);
    } else {
      json(ctx, body);
    }
  }

  public void json(Context ctx, ErrorBody body) {
    ctx.status(body.status());
    if (body.retryAfter() != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, body.retryAfter().toSeconds())));
    }
    try {
      ctx.contentType("application/json").result(json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      ctx.result("{\"error\":\"internal_error\",\"message\":\"\"}");
    }
  }

  /**
   * A friendly page: escaped text, what to do, one link onward unless {@code linkHref} is null
   * (SECURITY.md §authorization-errors).
   */
  public static void html(
      Context ctx, int status, String title, String message, String linkHref, String linkText) {
    ctx.status(status)
        .contentType("text/html; charset=utf-8")
        .result(
            Html.page(
                title,
                "<section class=\"card error\"><h1>"
                    + Html.esc(title)
                    + "</h1><p>"
                    + Html.esc(message)
                    + "</p>"
                    + (linkHref == null
                        ? ""
                        : "<p><a class=\"button\" href=\""
                            + Html.esc(linkHref)
                            + "\">"
                            + Html.esc(linkText)
                            + "</a></p>")
                    + "</section>"));
  }

  /** The matched route template, or {@code unmatched} (Javalin refuses to say before matching). */
  public static String routeOf(Context ctx) {
    try {
      return ctx.endpointHandlerPath();
    } catch (IllegalStateException e) {
      return "unmatched";
    }
  }

  static ErrorBody toBody(Throwable failure) {
    if (failure instanceof HttpResponseException h) {
      return switch (h.getStatus()) {
        case 404 -> ErrorBody.of(404, "not_found", "No such route; see /openapi.json.");
        case 405 ->
            ErrorBody.of(405, "method_not_allowed", "This route does not take that method.");
        case 413 ->
            ErrorBody.of(
                413,
                "request_too_large",
                "The request body is larger than SignLink accepts (1 MiB).");
        default ->
            ErrorBody.of(
                h.getStatus(),
                h.getStatus() >= 500 ? "internal_error" : "invalid_request",
                h.getStatus() >= 500
                    ? "SignLink could not complete the request."
                    : "The request was refused.");
      };
    }
    return ErrorMapping.map(failure);
  }

  private static boolean wantsHtml(Context ctx) {
    String p = ctx.path();
    return p.startsWith("/console") || p.startsWith("/connect") || p.startsWith("/callback");
  }
}
