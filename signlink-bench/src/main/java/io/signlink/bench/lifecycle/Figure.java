package io.signlink.bench.lifecycle;

/** One measured figure of the lifecycle benchmarks. Immutable. */
public record Figure(String benchmark, String metric, double value, String unit, String note) {}
