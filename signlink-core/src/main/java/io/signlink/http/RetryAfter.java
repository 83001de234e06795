package io.signlink.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Anything
 * else (garbage, negative numbers, absurdly long digit strings) gives empty, so the caller falls
 * back to its own backoff (SECURITY.md §provider-faults). A date in the past means "now" (zero).
 * Capping long waits is the caller's decision. Stateless and thread-safe.
 */
public final class RetryAfter {
  /** Ten digits is over 300 years: longer values are treated as garbage rather than overflowing. */
  private static final int MAX_DIGITS = 10;

  private RetryAfter() {}

  /** The delay asked for by {@code result}'s {@code Retry-After} header, measured from now. */
  public static Optional<Duration> of(HttpResult result, Clock clock) {
    return result.header("Retry-After").flatMap(v -> parse(v, clock.instant()));
  }

  /** Parses one header value; {@code now} is used for the HTTP-date form. */
  public static Optional<Duration> parse(String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return v.length() > MAX_DIGITS
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
