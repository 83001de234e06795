package io.signlink.emulator.oauth;

import io.javalin.http.Context;

/**
 * Reads a bearer token from the {@code Authorization} header (RFC 6750 §2.1; the scheme is
 * case-insensitive). Tokens in query strings are not accepted (RFC 6750 §2.3 is discouraged and
 * SECURITY.md §api-responses forbids them).
 *
 * <p>Thread-safe: stateless.
 */
public final class BearerTokens {

  private BearerTokens() {}

  /** The token, or {@code null} when the header is missing or not a bearer credential. */
  public static String from(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
