package io.signlink.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with left-aligned, space-separated columns, like {@code gh} and {@code
 * kubectl} print. Cells are put on one line first. Not thread-safe; build and print on one thread.
 */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells");
    }
    List<String> clean = new ArrayList<>(cells.length);
    for (String c : cells) {
      clean.add(c == null || c.isEmpty() ? "-" : Text.oneLine(c));
    }
    rows.add(clean);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> r : rows) {
        widths[i] = Math.max(widths[i], r.get(i).length());
      }
    }
    printRow(out, headers, widths);
    for (List<String> r : rows) {
      printRow(out, r, widths);
    }
    out.flush();
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      sb.append(cell);
      if (i < cells.size() - 1) {
        sb.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    out.println(sb);
  }
}
