package io.signlink.server.connect;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;

/**
 * What the provider said, for the callback page and the log, so an operator can act on it
 * (SECURITY.md §callback-page, §log-injection): the OAuth {@code error} code only when it is made
 * of code characters, the {@code error_description} on one line and capped at {@link
 * #MAX_DESCRIPTION} characters, and the name of a failed ID-token or token-response check. The page
 * escapes all of it (it is provider text, never HTML); nothing here carries a code, token or state.
 * Stateless.
 */
final class ProviderReasons {
  static final int MAX_DESCRIPTION = 200;

  private ProviderReasons() {}

  /** A sentence to append to the page's message, or {@code ""} when the provider said nothing. */
  static String sentence(SignLinkException e) {
    String code = null;
    String description = null;
    String check = null;
    if (e instanceof AuthorizationFlowException a) {
      code = a.providerError();
      description = a.providerDescription();
    } else if (e instanceof ProviderRejectedException p) {
      code = p.oauthError();
      description = p.description();
    } else if (e instanceof InvalidResponseException i) {
      check = i.check();
    }
    StringBuilder sb = new StringBuilder();
    if (code != null) {
      sb.append(" The provider's reason: ").append(code(code));
      String d = description(description);
      if (!d.isEmpty()) {
        sb.append(" — \u201c").append(d).append('\u201d');
      }
      sb.append('.');
    }
    if (check != null) {
      sb.append(" Failed check: ").append(code(check)).append('.');
    }
    return sb.toString();
  }

  /** For the log line: {@code error=… description=… check=…}, already one line and capped. */
  static String logLine(SignLinkException e) {
    String s = sentence(e).trim();
    return s.isEmpty() ? "-" : s;
  }

  static String code(String code) {
    return code != null && code.matches("[A-Za-z0-9_.\\-]{1,64}") ? code : "unrecognised";
  }

  static String description(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < MAX_DESCRIPTION; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) || Character.isWhitespace(c) ? ' ' : c);
    }
    String out = sb.toString().replaceAll(" {2,}", " ").trim();
    return text.length() > MAX_DESCRIPTION ? out + "…" : out;
  }
}
