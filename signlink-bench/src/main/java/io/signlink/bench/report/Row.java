package io.signlink.bench.report;

import java.util.Objects;

/**
 * One measured figure, printed beside the anchor measured in the same run and its target. A value
 * that could not be measured is {@link Double#NaN} and never meets a target. Immutable.
 *
 * @param metric what was measured, e.g. "POST /api/connections/{id}/token throughput"
 * @param value the figure
 * @param unit its unit ("req/s", "ms", "x" for a ratio)
 * @param anchor the same-run comparison it should be read against, e.g. "healthz 9,800 req/s"; may
 *     be empty
 * @param target the goal, or {@code null} when the figure is informational
 * @param note settings or caveats (threads, runs, errors); may be empty
 */
public record Row(
    String metric, double value, String unit, String anchor, Target target, String note) {
  public Row {
    Objects.requireNonNull(metric, "metric");
    unit = Objects.requireNonNullElse(unit, "");
    anchor = Objects.requireNonNullElse(anchor, "");
    note = Objects.requireNonNullElse(note, "");
  }

  public static Row info(String metric, double value, String unit, String anchor, String note) {
    return new Row(metric, value, unit, anchor, null, note);
  }

  public Verdict verdict() {
    if (target == null) {
      return Verdict.NONE;
    }
    return target.metBy(value) ? Verdict.MET : Verdict.MISSED;
  }

  public String formattedValue() {
    return Numbers.format(value);
  }

  public String formattedTarget() {
    return target == null ? "" : target.describe(unit);
  }

  /** How a figure compares with its target. */
  public enum Verdict {
    MET("met"),
    MISSED("MISSED"),
    NONE("");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
