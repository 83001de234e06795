package io.signlink.runtime.config;

import io.signlink.connection.TokenManagerSettings;
import io.signlink.error.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * How fresh handed-out tokens are (SECURITY.md §freshness): a token is refreshed once it has less
 * than {@code min(margin, fraction × the lifetime the provider granted)} left. Immutable.
 *
 * @param margin {@code SIGNLINK_REFRESH_MARGIN}: seconds ({@code 300}) or an ISO-8601 duration
 *     ({@code PT5M}); default 5 minutes, between 1 s and 1 h
 * @param fraction {@code SIGNLINK_REFRESH_FRACTION}: default 0.25, between 0.05 and 0.5
 */
public record RefreshSettings(Duration margin, double fraction) {

  public static final RefreshSettings DEFAULTS = new RefreshSettings(Duration.ofMinutes(5), 0.25);

  public RefreshSettings {
    if (margin == null
        || margin.compareTo(Duration.ofSeconds(1)) < 0
        || margin.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigurationException(
          "SIGNLINK_REFRESH_MARGIN", "must be between 1 second and 1 hour, e.g. 300 or PT5M");
    }
    if (!(fraction >= TokenManagerSettings.MIN_FRACTION
        && fraction <= TokenManagerSettings.MAX_FRACTION)) {
      throw new ConfigurationException(
          "SIGNLINK_REFRESH_FRACTION",
          "must be between "
              + TokenManagerSettings.MIN_FRACTION
              + " and "
              + TokenManagerSettings.MAX_FRACTION
              + ", e.g. 0.25 (refresh when a quarter of the token's lifetime is left)");
    }
  }

  /** Reads both variables; each absent one keeps its default. */
  static RefreshSettings read(Optional<String> margin, Optional<String> fraction) {
    return new RefreshSettings(
        margin.map(RefreshSettings::parseMargin).orElse(DEFAULTS.margin()),
        fraction.map(RefreshSettings::parseFraction).orElse(DEFAULTS.fraction()));
  }

  /** Applies these to token-manager settings being built. */
  public TokenManagerSettings.Builder applyTo(TokenManagerSettings.Builder b) {
    return b.safetyMargin(margin).refreshFraction(fraction);
  }

  private static Duration parseMargin(String v) {
    try {
      if (v.matches("\\d{1,7}")) {
        return Duration.ofSeconds(Long.parseLong(v));
      }
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(
          "SIGNLINK_REFRESH_MARGIN",
          "must be seconds or an ISO-8601 duration, e.g. 300 or PT5M (not '" + v + "')");
    }
  }

  private static double parseFraction(String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "SIGNLINK_REFRESH_FRACTION", "must be a number such as 0.25 (not '" + v + "')");
    }
  }
}
