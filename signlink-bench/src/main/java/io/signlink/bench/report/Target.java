package io.signlink.bench.report;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A figure's goal: at most or at least a threshold, in the figure's own unit. Immutable.
 *
 * @param atMost true for "≤ threshold" (times, ratios of cost), false for "≥ threshold"
 * @param threshold the bound, inclusive
 */
public record Target(boolean atMost, double threshold) {
  private static final Pattern IN_NOTE =
      Pattern.compile(
          "target\\s*(<=|>=|≤|≥|<|>)\\s*([0-9]+(?:\\.[0-9]+)?)", Pattern.CASE_INSENSITIVE);

  public Target {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("a target needs a finite threshold, not " + threshold);
    }
  }

  public static Target atMost(double threshold) {
    return new Target(true, threshold);
  }

  public static Target atLeast(double threshold) {
    return new Target(false, threshold);
  }

  /**
   * Reads "target <= 3", "target >= 20" or "target < 256" out of a free-text note (the lifecycle
   * figures). A strict bound is read as inclusive: a measured value lands exactly on it too rarely
   * to matter.
   */
  public static Optional<Target> findIn(String note) {
    Matcher m = IN_NOTE.matcher(Objects.requireNonNullElse(note, ""));
    if (!m.find()) {
      return Optional.empty();
    }
    boolean atMost = m.group(1).startsWith("<") || m.group(1).equals("≤");
    return Optional.of(new Target(atMost, Double.parseDouble(m.group(2))));
  }

  /** Whether {@code value} meets the target; a value that is not a number never does. */
  public boolean metBy(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    return atMost ? value <= threshold : value >= threshold;
  }

  /** "≤ 0.5 s" style, for the table. */
  public String describe(String unit) {
    String u = unit == null || unit.isEmpty() ? "" : (unit.equals("x") ? "×" : " " + unit);
    return (atMost ? "≤ " : "≥ ") + Numbers.format(threshold) + u;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s", atMost ? "<=" : ">=", Numbers.format(threshold));
  }
}
