package io.signlink.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The combined results of one run: the machine line, then every section's figures beside their
 * anchors and targets, as a markdown table and as JSON. Immutable once built.
 */
public final class ResultsReport {
  private final Machine machine;
  private final String mode;
  private final List<SectionOutcome> sections;

  public ResultsReport(Machine machine, String mode, List<SectionOutcome> sections) {
    this.machine = machine;
    this.mode = mode;
    this.sections = List.copyOf(sections);
  }

  /**
   * Writes {@code bench-results.md} and {@code bench-results.json} into {@code dir}; returns the md
   * path.
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("bench-results.md"), markdown());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve("bench-results.json").toFile(), json());
    return dir.resolve("bench-results.md");
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("# SignLink benchmark results\n\n");
    md.append("Machine: ")
        .append(machine.describe())
        .append(". Mode: ")
        .append(mode)
        .append(".\n\n");
    md.append("| section | metric | value | unit | anchor (same run) | target | verdict |\n");
    md.append("|---|---|---:|---|---|---|---|\n");
    for (SectionOutcome s : sections) {
      if (s instanceof SectionOutcome.Completed c) {
        for (Row r : c.rows()) {
          md.append(
              line(
                  s.section(),
                  r.metric(),
                  r.formattedValue(),
                  r.unit(),
                  r.anchor(),
                  r.formattedTarget(),
                  r.verdict().label()));
        }
      } else if (s instanceof SectionOutcome.Failed f) {
        md.append(line(s.section(), "FAILED: " + f.reason(), "", "", "", "", "not measured"));
      } else if (s instanceof SectionOutcome.Skipped k) {
        md.append(line(s.section(), "skipped: " + k.reason(), "", "", "", "", ""));
      }
    }
    StringBuilder notes = new StringBuilder();
    for (SectionOutcome s : sections) {
      if (s instanceof SectionOutcome.Completed c) {
        for (Row r : c.rows()) {
          if (!r.note().isEmpty()) {
            notes
                .append("- ")
                .append(s.section())
                .append(", ")
                .append(r.metric())
                .append(": ")
                .append(r.note())
                .append('\n');
          }
        }
      }
      for (String n : s.notes()) {
        notes.append("- ").append(s.section()).append(": ").append(n).append('\n');
      }
    }
    if (notes.length() > 0) {
      md.append("\nNotes:\n\n").append(notes);
    }
    return md.toString();
  }

  private static String line(String... cells) {
    StringBuilder b = new StringBuilder("|");
    for (String c : cells) {
      b.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    return b.append('\n').toString();
  }

  ObjectNode json() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    ObjectNode mc = root.putObject("machine");
    mc.put("cores", machine.cores());
    mc.put("jvm", machine.jvm());
    mc.put("os", machine.os());
    mc.put("max_heap_mib", machine.maxHeapMiB());
    mc.put("date", machine.date().toString());
    root.put("mode", mode);
    ArrayNode out = root.putArray("sections");
    for (SectionOutcome s : sections) {
      ObjectNode sn = out.addObject();
      sn.put("section", s.section());
      if (s instanceof SectionOutcome.Completed c) {
        sn.put("status", "completed");
        ArrayNode rows = sn.putArray("rows");
        for (Row r : c.rows()) {
          ObjectNode rn = rows.addObject();
          rn.put("metric", r.metric());
          if (Double.isFinite(r.value())) {
            rn.put("value", r.value());
          } else {
            rn.putNull("value");
          }
          rn.put("unit", r.unit());
          rn.put("anchor", r.anchor());
          if (r.target() != null) {
            rn.put("target", r.target().toString());
          }
          rn.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
          rn.put("note", r.note());
        }
      } else if (s instanceof SectionOutcome.Failed f) {
        sn.put("status", "failed");
        sn.put("reason", f.reason());
      } else if (s instanceof SectionOutcome.Skipped k) {
        sn.put("status", "skipped");
        sn.put("reason", k.reason());
      }
      ArrayNode notes = sn.putArray("notes");
      s.notes().forEach(notes::add);
    }
    return root;
  }
}
