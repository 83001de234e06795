package io.signlink.http;

import io.signlink.error.ProviderRejectedException;
import java.util.Locale;

/**
 * Reads a resource server's answer to a bearer token (RFC 6750 §3). The one home of "would a new
 * access token fix this?", used by every call that refreshes once on a 401 (SECURITY.md
 * §retry-on-401), whatever HTTP client sent it. Stateless.
 */
public final class BearerChallenge {
  private BearerChallenge() {}

  /**
   * True for a 401 that a new token can fix: a bare 401 (BoldSign sends one with an empty body and
   * no challenge) or a Bearer challenge with {@code error="invalid_token"} (RFC 6750 §3.1); false
   * for a 401 {@code invalid_request} and for any 403 ({@code insufficient_scope}).
   */
  public static boolean refusesToken(HttpResult result) {
    return refusesToken(result.status(), result.header("WWW-Authenticate").orElse(null));
  }

  /**
   * The same test for any HTTP client's response.
   *
   * @param wwwAuthenticate the response's {@code WWW-Authenticate} header, or {@code null}
   */
  public static boolean refusesToken(int status, String wwwAuthenticate) {
    if (status != 401) {
      return false;
    }
    String challenge = wwwAuthenticate == null ? "" : wwwAuthenticate.toLowerCase(Locale.ROOT);
    return !challenge.contains("error=") || challenge.contains("invalid_token");
  }

  /**
   * The same test for a provider client that already turned the response into an exception: a 401
   * with no OAuth error code or {@code invalid_token}.
   */
  public static boolean refusesToken(ProviderRejectedException e) {
    return e.httpStatus() == 401
        && (e.oauthError() == null || "invalid_token".equals(e.oauthError()));
  }
}
