package io.signlink.server.http;

import io.javalin.http.Context;
import java.util.function.BiConsumer;

/**
 * Headers on every response. Stateless.
 *
 * <ul>
 *   <li>{@code Content-Security-Policy}: nothing from elsewhere, no inline script, never framed;
 *       the console's script may fetch only from SignLink itself ({@code connect-src 'self'})
 *       (SECURITY.md §callback-page, §web-headers; ASVS 3.4.6). No {@code form-action}: browsers
 *       apply it to the redirects after a submit, and the Connect form's 303 goes to the provider.
 *   <li>{@code Referrer-Policy: no-referrer}: a callback URL cannot leak through a link
 *       (SECURITY.md §callback-page).
 *   <li>{@code Strict-Transport-Security} when the public URL is https (SECURITY.md §web-headers).
 *   <li>{@code Cache-Control: no-store} on everything (SECURITY.md §api-responses): console pages,
 *       API answers and error pages may name owners, connections and tokens, and a shared or
 *       browser cache must keep none of them. Only a route that sets its own {@code Cache-Control}
 *       (the console's static assets) is cacheable.
 * </ul>
 */
public final class SecurityHeaders {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          + "base-uri 'none'; frame-ancestors 'none'";

  private final boolean https;

  public SecurityHeaders(boolean https) {
    this.https = https;
  }

  public void apply(Context ctx) {
    apply(ctx::header);
  }

  /** As {@link #apply(Context)} for a response written below Javalin. */
  public void apply(BiConsumer<String, String> header) {
    header.accept("Content-Security-Policy", CSP);
    header.accept("X-Frame-Options", "DENY");
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Referrer-Policy", "no-referrer");
    header.accept("Cache-Control", "no-store");
    if (https) {
      header.accept("Strict-Transport-Security", "max-age=31536000");
    }
  }

  /**
   * For responses that carry a token or end a consent flow (SECURITY.md §callback-page,
   * §api-responses).
   */
  public static void noStore(Context ctx) {
    noStore(ctx::header);
  }

  /** As {@link #noStore(Context)} for a response written below Javalin. */
  public static void noStore(BiConsumer<String, String> header) {
    header.accept("Cache-Control", "no-store");
    header.accept("Pragma", "no-cache");
  }
}
