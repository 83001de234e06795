package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Response headers and parameter rules every OAuth endpoint shares.
 *
 * <p>Thread-safe: stateless.
 */
public final class HttpSupport {

  private HttpSupport() {}

  /** RFC 6749 §5.1: responses carrying tokens or codes must not be cached. */
  public static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("Pragma", "no-cache");
  }

  /** An RFC 6749 §5.2 JSON error, with {@code WWW-Authenticate} when the client used HTTP Basic. */
  public static void oauthError(
      Context ctx, OAuthException e, boolean basicAuthUsed, String realm) {
    noStore(ctx);
    if (e.status() == 401 && basicAuthUsed) {
      ctx.header("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.error());
    body.put("error_description", e.description());
    ctx.status(e.status()).json(body);
  }

  /**
   * A single-valued parameter (RFC 6749 §3.1: "parameters MUST NOT be included more than once").
   *
   * @return the value, or {@code null} when absent or empty
   * @throws OAuthException {@code invalid_request} when repeated
   */
  public static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw OAuthException.invalidRequest(
          "The parameter '" + name + "' must not be repeated (RFC 6749 §3.1).");
    }
    String value = values.get(0);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The parameter or {@code invalid_request} naming it. */
  public static String required(Map<String, List<String>> params, String name) {
    String value = single(params, name);
    if (value == null) {
      throw OAuthException.invalidRequest("The parameter '" + name + "' is required.");
    }
    return value;
  }

  /** Whether the request body is form-encoded (RFC 6749 §4.1.3, RFC 7009 §2.1). */
  public static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }
}
