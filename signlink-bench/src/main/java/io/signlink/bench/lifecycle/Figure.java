package io.signlink.bench.lifecycle;

/**
 * One measured figure of the lifecycle benchmarks, with the same-run figure it is read against
 * ({@code anchor}, empty when none). Immutable.
 */
public record Figure(
    String benchmark, String metric, double value, String unit, String anchor, String note) {
  public Figure(String benchmark, String metric, double value, String unit, String note) {
    this(benchmark, metric, value, unit, "", note);
  }
}
