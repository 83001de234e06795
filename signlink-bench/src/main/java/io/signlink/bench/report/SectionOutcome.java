package io.signlink.bench.report;

import java.util.List;
import java.util.Objects;

/**
 * What one benchmark section produced: its figures, the reason it failed, or the reason it was
 * skipped. A failed section never stops the others. Immutable.
 */
public sealed interface SectionOutcome {
  String section();

  /** Settings and caveats printed under the table (threads, durations, what the anchor is). */
  List<String> notes();

  record Completed(String section, List<Row> rows, List<String> notes) implements SectionOutcome {
    public Completed {
      Objects.requireNonNull(section, "section");
      rows = List.copyOf(rows);
      notes = List.copyOf(notes);
    }
  }

  record Failed(String section, String reason, List<String> notes) implements SectionOutcome {
    public Failed {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(reason, "reason");
      notes = List.copyOf(notes);
    }

    /** A failure described by its exception: type and message, no stack trace. */
    public static Failed of(String section, Throwable error) {
      Throwable root = error;
      while (root.getCause() != null && root.getMessage() == null) {
        root = root.getCause();
      }
      String message = root.getMessage() == null ? "" : ": " + root.getMessage();
      return new Failed(section, root.getClass().getSimpleName() + message, List.of());
    }
  }

  record Skipped(String section, String reason) implements SectionOutcome {
    public Skipped {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public List<String> notes() {
      return List.of();
    }
  }
}
