package io.signlink.http;

import java.util.Locale;

/**
 * Reads a resource server's answer to a bearer token (RFC 6750 §3). The one home of "would a new
 * access token fix this?", used by every call that refreshes once on a 401 (SECURITY.md
 * §retry-on-401). Stateless.
 */
public final class BearerChallenge {
  private BearerChallenge() {}

  /**
   * True for a 401 that a new token can fix: a bare 401 (BoldSign sends one with an empty body and
   * no challenge) or a Bearer challenge with {@code error="invalid_token"} (RFC 6750 §3.1); false
   * for a 401 {@code invalid_request} and for any 403 ({@code insufficient_scope}).
   */
  public static boolean refusesToken(HttpResult result) {
    if (result.status() != 401) {
      return false;
    }
    String challenge = result.header("WWW-Authenticate").orElse("").toLowerCase(Locale.ROOT);
    return !challenge.contains("error=") || challenge.contains("invalid_token");
  }
}
