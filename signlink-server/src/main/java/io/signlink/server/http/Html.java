package io.signlink.server.http;

/**
 * HTML escaping and the page frame shared by the console and the connect pages. Pages load nothing
 * from elsewhere (SECURITY.md §callback-page) and carry no inline script, so the content security
 * policy can forbid both. Stateless.
 */
public final class Html {
  private Html() {}

  /**
   * Escapes text for an HTML element or a double-quoted attribute (SECURITY.md
   * §authorization-errors).
   */
  public static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
      }
    }
    return sb.toString();
  }

  /** A complete page: {@code body} must already be escaped HTML. */
  public static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + " · SignLink</title>"
        + "<link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
        + "</head><body><header><a class=\"brand\" href=\"/console\">SignLink</a></header>"
        + "<main>"
        + body
        + "</main>"
        + "<script src=\"/console/assets/console.js\" defer></script>"
        + "</body></html>\n";
  }
}
