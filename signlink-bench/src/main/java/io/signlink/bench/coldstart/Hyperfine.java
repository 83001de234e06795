package io.signlink.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional cross-check: the same commands timed by {@code hyperfine}, when it is on the {@code
 * PATH}. Never required; absent, the section says so. Not thread-safe.
 */
final class Hyperfine {
  private final Path binary;

  private Hyperfine(Path binary) {
    this.binary = binary;
  }

  /** The {@code hyperfine} on the {@code PATH}, if any. */
  static Optional<Hyperfine> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "hyperfine");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Hyperfine(candidate));
      }
    }
    return Optional.empty();
  }

  /** Mean wall time in milliseconds of each command, in order. Output is discarded by hyperfine. */
  List<Double> meanMillis(
      List<List<String>> commands, Map<String, String> env, int warmups, int runs, Path scratch)
      throws IOException, InterruptedException {
    Path json = scratch.resolve("hyperfine.json");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--style",
                "none",
                "--warmup",
                String.valueOf(warmups),
                "--runs",
                String.valueOf(runs),
                "--export-json",
                json.toString()));
    for (List<String> c : commands) {
      cmd.add(shellQuoted(c));
    }
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_"));
    pb.environment().putAll(env);
    int exit = pb.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("hyperfine exited with " + exit);
    }
    List<Double> means = new ArrayList<>();
    for (JsonNode r : new ObjectMapper().readTree(json.toFile()).get("results")) {
      means.add(r.get("mean").asDouble() * 1000);
    }
    return means;
  }

  private static String shellQuoted(List<String> command) {
    StringBuilder b = new StringBuilder();
    for (String part : command) {
      b.append(b.length() == 0 ? "" : " ")
          .append('\'')
          .append(part.replace("'", "'\\''"))
          .append('\'');
    }
    return b.toString();
  }
}
