package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.signlink.emulator.profile.Quirk;
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
   * An OAuth error in the provider's own way: its error names ({@code oauth_error_names}, e.g.
   * Zoho's {@code invalid_code}) and, for Zoho, HTTP 200 ({@link
   * Quirk#OAUTH_ERRORS_WITH_HTTP_200}).
   */
  public static void oauthError(Context ctx, AuthServer server, OAuthException e) {
    ProviderRules rules = server.rules();
    String name = rules.profile().errorName(e.error());
    int status = rules.has(Quirk.OAUTH_ERRORS_WITH_HTTP_200) ? 200 : e.status();
    oauthError(
        ctx,
        new OAuthException(name, e.description(), status),
        ClientAuthenticator.usesBasic(ctx),
        rules.provider().displayName());
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
