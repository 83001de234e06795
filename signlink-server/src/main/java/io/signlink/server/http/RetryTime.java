package io.signlink.server.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * When to try again, said to a person: {@code "retry in 30 s, at 10:32:05 UTC"}. The delay is the
 * one the API sends as {@code Retry-After} (RFC 9110 §10.2.3); pages show it with the clock time it
 * ends, in UTC (the server cannot know the reader's zone), with the date when it is not today.
 * Stateless.
 */
public final class RetryTime {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private RetryTime() {}

  /** {@code "retry in 30 s, at 10:32:05 UTC"} for a wait of {@code delay} from {@code now}. */
  public static String phrase(Duration delay, Instant now) {
    Duration d = delay.isNegative() ? Duration.ZERO : delay;
    long seconds = Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
    Instant at = now.plusSeconds(seconds);
    boolean sameDay =
        at.atOffset(ZoneOffset.UTC)
            .toLocalDate()
            .equals(now.atOffset(ZoneOffset.UTC).toLocalDate());
    return "retry in " + amount(seconds) + ", at " + (sameDay ? TIME : DATE_TIME).format(at);
  }

  /** {@code 45 s}, {@code 5 min 30 s}, {@code 2 h 5 min}: exact where it matters, short beyond. */
  static String amount(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      long s = seconds % 60;
      return seconds / 60 + " min" + (s == 0 ? "" : " " + s + " s");
    }
    long minutes = (seconds % 3600) / 60;
    return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
