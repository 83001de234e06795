package io.signlink.error;

/** Makes provider-supplied text safe for one log line or message (SECURITY.md §log-injection). */
final class Sanitize {
  private static final int MAX = 300;

  private Sanitize() {}

  /** Replaces control characters (CR, LF, ESC …) and truncates; {@code null} stays {@code null}. */
  static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX));
    for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX) {
      sb.append('…');
    }
    return sb.toString();
  }
}
