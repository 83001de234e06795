package io.signlink.cli.output;

import java.time.Duration;
import java.time.Instant;

/** Small formatting rules for terminal output. Stateless and thread-safe. */
public final class Text {
  private static final int MAX_LINE = 400;

  private Text() {}

  /**
   * {@code text} on one line: control characters (CR, LF, ESC of ANSI sequences) become spaces and
   * long text is cut, so provider-supplied words cannot forge terminal output (SECURITY.md
   * §log-injection).
   */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_LINE));
    for (int i = 0; i < text.length() && sb.length() < MAX_LINE; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX_LINE) {
      sb.append('…');
    }
    return sb.toString();
  }

  /** The first eight characters of an id, as shown in tables and messages. */
  public static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  /**
   * How long until {@code expiresAt}: {@code 7h 59m}, {@code 4m 10s}, {@code 3d 2h}, or {@code
   * expired} once it is past.
   */
  public static String expiresIn(Instant now, Instant expiresAt) {
    if (expiresAt == null) {
      return "-";
    }
    Duration left = Duration.between(now, expiresAt);
    if (left.isNegative() || left.isZero()) {
      return "expired";
    }
    long days = left.toDays();
    if (days > 0) {
      return days + "d " + left.toHoursPart() + "h";
    }
    long hours = left.toHours();
    if (hours > 0) {
      return hours + "h " + left.toMinutesPart() + "m";
    }
    long minutes = left.toMinutes();
    if (minutes > 0) {
      return minutes + "m " + left.toSecondsPart() + "s";
    }
    return left.toSecondsPart() + "s";
  }

  /** A duration as people write it: {@code 5m}, {@code 1h30m}, {@code 45s}. */
  public static String duration(Duration d) {
    StringBuilder sb = new StringBuilder();
    if (d.toHours() > 0) {
      sb.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      sb.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0 || sb.length() == 0) {
      sb.append(d.toSecondsPart()).append('s');
    }
    return sb.toString();
  }
}
