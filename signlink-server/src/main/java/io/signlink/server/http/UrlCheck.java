package io.signlink.server.http;

import io.javalin.http.Context;

/**
 * Refuses a request whose path or query holds a malformed percent-escape (a {@code %u0041}, a lone
 * {@code %}, {@code %zz}) with a 400 before any route, API-key check or decoder sees it, so such a
 * URL is the client's error and never a 500 with a stack trace in the log (SECURITY.md
 * §malformed-requests). Stateless.
 */
public final class UrlCheck {
  private UrlCheck() {}

  /** A before-handler. */
  public static void apply(Context ctx) {
    if (!wellFormed(ctx.req().getRequestURI()) || !wellFormed(ctx.req().getQueryString())) {
      throw malformed();
    }
  }

  /** The 400 for a URL or form body that does not decode. */
  public static HttpProblem malformed() {
    return HttpProblem.badRequest(
        "The URL or form holds a malformed %-escape; encode '%' as %25 and other characters as"
            + " UTF-8 bytes (%XX).");
  }

  /** True when every {@code %} is followed by two hex digits (RFC 3986 §2.1). */
  public static boolean wellFormed(String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
