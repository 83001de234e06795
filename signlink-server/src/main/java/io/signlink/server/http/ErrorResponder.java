package io.signlink.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.signlink.error.SignLinkException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a failure to the client: JSON for the API and operations routes, an HTML page for the
 * browser routes. Unexpected exceptions are logged here with a short reference that the client also
 * sees; the client never sees the exception (SECURITY.md §errors). Thread-safe.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

  static final int LOGGED_PER_MINUTE = 60;

  private final ObjectMapper json;
  private final LogSampler sampler =
      new LogSampler(LOGGED_PER_MINUTE, Duration.ofMinutes(1), System::nanoTime);

  public ErrorResponder(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  public void respond(Throwable thrown, Context ctx) {
    ErrorBody body = answerFor(thrown, ctx.method().name(), routeOf(ctx));
    answerHeaders(body, ctx::header);
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

  /**
   * The answer for {@code thrown}, logged (sampled) when it is a server-side failure: what {@link
   * #respond} sends, for a route served below Javalin (the API proxy), which writes it with {@link
   * #jsonOf}.
   *
   * @param route the route template the request matched
   */
  public ErrorBody answerFor(Throwable thrown, String method, String route) {
    Throwable failure = clientFault(thrown);
    ErrorBody body = toBody(failure);
    if (body.status() >= 500) {
      log(failure, body, method, route);
    }
    return body;
  }

  /** The headers an error answer carries besides its body. */
  public static void answerHeaders(ErrorBody body, BiConsumer<String, String> header) {
    if (body.retryAfter() != null) {
      header.accept("Retry-After", Long.toString(Math.max(1, body.retryAfter().toSeconds())));
    }
    if (body.status() == 413) {
      // the rest of the body is not wanted: close rather than drain it (SECURITY.md
      // §request-limits)
      header.accept("Connection", "close");
    }
  }

  /** The JSON text of {@code body}, as {@link #json} sends it. */
  public String jsonOf(ErrorBody body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "{\"error\":\"internal_error\",\"message\":\"\"}";
    }
  }

  /**
   * At most {@link #LOGGED_PER_MINUTE} failure lines a minute: a request that fails the same way
   * each time must not let a client flood the log, stack traces least of all (SECURITY.md
   * §rate-limits). The first line after a quiet spell says how many were left out.
   */
  private void log(Throwable failure, ErrorBody body, String method, String route) {
    LogSampler.Decision d = sampler.next();
    if (!d.log()) {
      return;
    }
    String skipped =
        d.suppressedBefore() == 0
            ? ""
            : " (" + d.suppressedBefore() + " earlier failures not logged)";
    // SignLink's own 5xx refusals (the proxy is full) are expected, like a provider's outage.
    if (!(failure instanceof SignLinkException) && !(failure instanceof HttpProblem)) {
      LOG.error("unexpected failure on {} {}{}", method, route, skipped, failure);
    } else {
      LOG.warn("{} on {} {}: {}{}", body.error(), method, route, failure.getMessage(), skipped);
    }
  }

  /** The JSON answer; its headers ({@link #answerHeaders}) are already set by {@link #respond}. */
  private void json(Context ctx, ErrorBody body) {
    ctx.status(body.status());
    ctx.contentType("application/json").result(jsonOf(body));
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

  /** The matched route template, or {@code unmatched} (before or without a match). */
  public static String routeOf(Context ctx) {
    Endpoint matched = ctx.endpoints().lastHttpEndpoint();
    return matched == null ? "unmatched" : matched.path;
  }

  /**
   * The client's fault behind {@code thrown}, or {@code thrown}: a body over the cap surfaces as
   * Jetty's {@code IOException} around {@link RequestLimits}'s 413, and a form field with a
   * malformed %-escape as the JDK decoder's {@code IllegalArgumentException}; both are 4xx answers,
   * never a 500 with a stack trace (SECURITY.md §malformed-requests).
   */
  static Throwable clientFault(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      if (t instanceof HttpProblem) {
        return t;
      }
    }
    if (thrown instanceof IllegalArgumentException
        && thrown.getMessage() != null
        && thrown.getMessage().startsWith("URLDecoder:")) {
      return UrlCheck.malformed();
    }
    return thrown;
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
