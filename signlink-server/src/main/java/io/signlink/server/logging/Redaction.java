package io.signlink.server.logging;

import java.util.regex.Pattern;

/** The masking rules, shared by the log converter and tests. Stateless. */
public final class Redaction {
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern API_KEY = Pattern.compile("\\bsk_[A-Za-z0-9_-]{8,}");
  private static final Pattern JWT =
      Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
  private static final Pattern PARAM =
      Pattern.compile(
          "(?i)\\b(code|state|nonce|code_verifier|access_token|refresh_token|id_token|token"
              + "|client_secret|password|secret|signlink_session|signlink_binding|csrf)"
              + "([\"']?\\s*[=:]\\s*[\"']?)[^\\s&\"',;}]+");
  private static final Pattern HEADER =
      Pattern.compile("(?i)\\b(authorization|cookie|set-cookie)(\\s*[=:]\\s*)[^\\r\\n]+");

  private Redaction() {}

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = HEADER.matcher(text).replaceAll("$1$2[redacted]");
    s = BEARER.matcher(s).replaceAll("$1 [redacted]");
    s = API_KEY.matcher(s).replaceAll("sk_[redacted]");
    s = JWT.matcher(s).replaceAll("[redacted-jwt]");
    s = PARAM.matcher(s).replaceAll("$1$2[redacted]");
    return s;
  }

  /** One log line: control characters (CR, LF, ESC) become spaces (SECURITY.md §log-injection). */
  public static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString();
  }
}
