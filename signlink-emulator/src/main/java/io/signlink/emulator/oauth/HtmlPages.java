package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.signlink.emulator.SeedUser;
import java.util.List;
import java.util.Map;

/**
 * The emulator's two HTML pages: the consent page and the error page. Server-rendered, every value
 * HTML-escaped, no scripts and no external resources; served with {@code no-store} and {@code
 * frame-ancestors 'none'} (RFC 9700 §4.16 clickjacking; SECURITY.md §web-headers).
 *
 * <p>Thread-safe: stateless.
 */
public final class HtmlPages {

  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;"
          + "padding:0 1rem;color:#222}h1{font-size:1.3rem}code{background:#f3f3f3;padding:0 .2rem}"
          + "li{margin:.2rem 0}fieldset{border:1px solid #ccc;margin:1rem 0}button{font-size:1rem;"
          + "padding:.4rem 1.2rem;margin-right:.6rem}.note{color:#666;font-size:.85rem}";

  private HtmlPages() {}

  /** The consent page for {@code pending}, posting to {@code action}. */
  public static void consent(
      Context ctx,
      AuthServer server,
      PendingConsents.Pending pending,
      String action,
      SeedUser preselected) {
    AuthorizationRequest request = pending.request();
    String provider = server.rules().provider().displayName();
    StringBuilder html = new StringBuilder(4096);
    html.append("<h1>")
        .append(esc(provider))
        .append(" (emulator): authorize ")
        .append(esc(request.client().name()))
        .append("</h1>\n")
        .append("<p><strong>")
        .append(esc(request.client().name()))
        .append("</strong> (client id <code>")
        .append(esc(request.client().clientId()))
        .append("</code>) asks for permission to:</p>\n<ul>\n");
    Map<String, String> descriptions = server.rules().scopes();
    for (String scope : request.scopes()) {
      html.append("<li><code>")
          .append(esc(scope))
          .append("</code> ")
          .append(esc(descriptions.getOrDefault(scope, "")))
          .append("</li>\n");
    }
    html.append("</ul>\n<p class=\"note\">After you answer you will be sent back to <code>")
        .append(esc(request.redirectUri()))
        .append("</code>.</p>\n")
        .append("<form method=\"post\" action=\"")
        .append(esc(action))
        .append("\">\n")
        .append("<input type=\"hidden\" name=\"request_id\" value=\"")
        .append(esc(pending.id()))
        .append("\">\n")
        .append("<input type=\"hidden\" name=\"csrf_token\" value=\"")
        .append(esc(pending.csrfToken()))
        .append("\">\n<fieldset><legend>Sign in as</legend>\n");
    List<SeedUser> users = server.rules().users();
    for (SeedUser user : users) {
      html.append("<label><input type=\"radio\" name=\"user\" value=\"")
          .append(esc(user.sub()))
          .append('"')
          .append(user.equals(preselected) ? " checked" : "")
          .append("> ")
          .append(esc(user.name()))
          .append(" &lt;")
          .append(esc(user.email()))
          .append("&gt;</label><br>\n");
    }
    html.append(
            "</fieldset>\n<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>")
        .append(
            "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>\n");
    send(ctx, 200, "Authorize " + request.client().name(), html.toString());
  }

  /**
   * An error page; used where RFC 6749 §4.1.2.1 forbids redirecting (bad client or redirect URI).
   */
  public static void error(Context ctx, int status, String title, String message) {
    send(ctx, status, title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(message) + "</p>\n");
  }

  private static void send(Context ctx, int status, String title, String body) {
    HttpSupport.noStore(ctx);
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.status(status)
        .contentType("text/html; charset=utf-8")
        .result(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + esc(title)
                + "</title><style>"
                + STYLE
                + "</style></head>\n<body><main>\n"
                + body
                + "</main></body></html>\n");
  }

  /** HTML-escapes text for element content and double-quoted attributes. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
    return out.toString();
  }
}
