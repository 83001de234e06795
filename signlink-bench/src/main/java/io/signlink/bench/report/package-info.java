/**
 * The benchmark results: each {@link io.signlink.bench.report.Row} is one figure printed beside its
 * anchor (the comparison measured in the same run on the same machine: {@code /healthz} for the
 * token endpoint, {@code java -version} for the CLI, a map lookup and Spring Security for the token
 * hot path) and its {@link io.signlink.bench.report.Target}. Sections end as {@link
 * io.signlink.bench.report.SectionOutcome} — completed, failed or skipped — so one broken section
 * shows up in the table instead of hiding the others. {@link
 * io.signlink.bench.report.ResultsReport} writes {@code bench-results.md} and {@code .json}.
 */
package io.signlink.bench.report;
