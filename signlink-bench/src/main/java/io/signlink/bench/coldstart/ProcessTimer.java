package io.signlink.bench.coldstart;

import io.signlink.bench.report.Distribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs a command as a child process and measures its wall time from start to exit, after a few
 * warm-up runs (which fill the OS page cache, and the CDS archive where the launcher writes one).
 * Output is discarded: {@code signlink token} prints a token, which must never reach a log. A run
 * that exits non-zero fails the measurement with the tail of its stderr. Not thread-safe.
 */
final class ProcessTimer {
  private static final int STDERR_TAIL = 600;

  private final Map<String, String> environment;
  private final Path scratch;

  /**
   * @param environment variables to set for the child; every other {@code SIGNLINK_*} variable of
   *     this process is removed, so the child sees only the benchmark's store
   * @param scratch a folder for the child's stderr
   */
  ProcessTimer(Map<String, String> environment, Path scratch) {
    this.environment = Map.copyOf(environment);
    this.scratch = scratch;
  }

  Distribution time(List<String> command, int warmups, int runs)
      throws IOException, InterruptedException {
    for (int i = 0; i < warmups; i++) {
      runOnce(command, ProcessBuilder.Redirect.DISCARD);
    }
    long[] wall = new long[runs];
    for (int i = 0; i < runs; i++) {
      wall[i] = runOnce(command, ProcessBuilder.Redirect.DISCARD);
    }
    return Distribution.of(wall);
  }

  /**
   * Runs {@code command} once and tells whether its stdout is exactly one non-empty line (what
   * {@code signlink token} must print), without ever returning or printing the line itself.
   */
  boolean printsOneLine(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "stdout", ".txt");
    try {
      runOnce(command, ProcessBuilder.Redirect.to(out.toFile()));
      String text = Files.readString(out, StandardCharsets.UTF_8);
      return text.endsWith("\n") && !text.isBlank() && text.indexOf('\n') == text.length() - 1;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private long runOnce(List<String> command, ProcessBuilder.Redirect stdout)
      throws IOException, InterruptedException {
    Path err = scratch.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
            .redirectOutput(stdout)
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    pb.environment().putAll(environment);
    long start = System.nanoTime();
    Process p = pb.start();
    int exit = p.waitFor();
    long wall = System.nanoTime() - start;
    if (exit != 0) {
      throw new IllegalStateException(
          "`"
              + String.join(" ", command.subList(1, command.size()))
              + "` exited with "
              + exit
              + ": "
              + tail(err));
    }
    return wall;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8).strip();
    s = s.length() > STDERR_TAIL ? "…" + s.substring(s.length() - STDERR_TAIL) : s;
    return s.replaceAll("\\p{Cntrl}", " ");
  }
}
