package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.signlink.emulator.profile.Quirk;
import io.signlink.emulator.profile.Templates;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Redirects back to the client with a code or an error (RFC 6749 §4.1.2, §4.1.2.1), adding the
 * issuer when the provider announces RFC 9207. The registered redirect URI's own query is kept (RFC
 * 6749 §3.1.2).
 *
 * <p>Thread-safe: stateless.
 */
public final class AuthorizationResponses {

  private AuthorizationResponses() {}

  /**
   * Redirects with {@code code} and the profile's callback parameters (Acrobat Sign's {@code
   * api_access_point}, Zoho's {@code location} and {@code accounts-server}), filled from {@code
   * values} ({@link ProviderRules#templateValues}).
   */
  public static void code(
      Context ctx,
      AuthServer server,
      AuthorizationRequest request,
      String code,
      Map<String, String> values,
      HttpStatus status) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("code", code);
    server
        .rules()
        .profile()
        .callbackParams()
        .forEach((name, template) -> params.put(name, Templates.fill(template, values)));
    redirect(ctx, server, request.redirectUri(), request.state(), params, status);
  }

  public static void error(
      Context ctx,
      AuthServer server,
      String redirectUri,
      String state,
      String error,
      String description,
      HttpStatus status) {
    Map<String, String> params = new LinkedHashMap<>();
    String named = server.rules().profile().errorName(error);
    params.put(
        "error",
        server.rules().has(Quirk.UPPER_CASE_REDIRECT_ERRORS)
            ? named.toUpperCase(Locale.ROOT)
            : named);
    params.put("error_description", description);
    server.count("authorize.error." + error);
    redirect(ctx, server, redirectUri, state, params, status);
  }

  private static void redirect(
      Context ctx,
      AuthServer server,
      String redirectUri,
      String state,
      Map<String, String> params,
      HttpStatus status) {
    if (state != null) {
      params.put("state", state);
    }
    if (server.rules().issParameter()) {
      params.put("iss", server.rules().issuer()); // RFC 9207 §2
    }
    StringBuilder location = new StringBuilder(redirectUri);
    char sep = redirectUri.indexOf('?') >= 0 ? '&' : '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      location
          .append(sep)
          .append(p.getKey())
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    HttpSupport.noStore(ctx);
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.redirect(location.toString(), status);
  }
}
