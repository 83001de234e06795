package io.signlink.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way people type them: {@code 90s}, {@code 5m}, {@code 1h30m}, plain seconds
 * ({@code 300}) or ISO-8601 ({@code PT5M}). Zero and negative durations are refused. Stateless.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Duration d = parse(v);
    if (d == null || d.isZero() || d.isNegative()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration; use e.g. 90s, 5m, 1h30m or 300 (seconds)");
    }
    return d;
  }

  private static Duration parse(String v) {
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    if (v.startsWith("pt")) {
      try {
        return Duration.parse(v);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = HUMAN.matcher(v);
    if (v.isEmpty() || !m.matches()) {
      return null;
    }
    return Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }
}
