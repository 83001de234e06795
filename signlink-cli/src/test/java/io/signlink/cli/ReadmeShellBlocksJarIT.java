package io.signlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's shell blocks marked {@code <!-- runs offline … -->} exactly as written, with
 * {@code sh -e} (and {@code -x}, so a failure shows the command), the built launcher and shaded
 * jar, and a fresh temporary {@code $HOME}; any command that exits non-zero fails the block. Each
 * block runs in a scratch folder laid out like the checkout ({@code bin/} and {@code
 * signlink-cli/target/signlink-all.jar} linked in), so what the commands write lands there and not
 * in the checkout. Bound to integration-test, after the jar is built.
 */
class ReadmeShellBlocksJarIT {
  static final String MARKER = "<!-- runs offline";
  static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();
  static final Path JAR =
      Path.of(System.getProperty("signlink.jar", "target/signlink-all.jar")).toAbsolutePath();

  /** A marked block and the README line its first command is on. */
  record Block(int line, String script) {}

  static List<Block> offlineBlocks(List<String> readme) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (!readme.get(i).startsWith(MARKER)) {
        continue;
      }
      int open = i + 1;
      while (open < readme.size() && readme.get(open).isBlank()) {
        open++;
      }
      assertThat(open < readme.size() ? readme.get(open) : "")
          .as("README line %d: a runs-offline marker must come right before a ```sh block", i + 1)
          .isEqualTo("```sh");
      StringBuilder script = new StringBuilder();
      int j = open + 1;
      for (; j < readme.size() && !readme.get(j).equals("```"); j++) {
        script.append(readme.get(j)).append('\n');
      }
      assertThat(j)
          .as("README line %d: the block is never closed", open + 1)
          .isLessThan(readme.size());
      blocks.add(new Block(open + 2, script.toString()));
      i = j;
    }
    return blocks;
  }

  @Test
  void everyOfflineShellBlockOfTheReadmeRunsAsWritten(@TempDir Path tmp) throws Exception {
    List<String> readme = Files.readAllLines(CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8);
    List<Block> blocks = offlineBlocks(readme);
    assertThat(blocks).as("README blocks marked '%s …-->'", MARKER).isNotEmpty();
    assertThat(JAR).as("the shaded jar (mvn -B -q package -DskipTests)").isRegularFile();
    for (int n = 0; n < blocks.size(); n++) {
      Block b = blocks.get(n);
      Path work = Files.createDirectories(tmp.resolve("block-" + n).resolve("work"));
      Path home = Files.createDirectories(tmp.resolve("block-" + n).resolve("home"));
      Files.createSymbolicLink(work.resolve("bin"), CHECKOUT.resolve("bin"));
      Path target = Files.createDirectories(work.resolve("signlink-cli").resolve("target"));
      Files.createSymbolicLink(target.resolve("signlink-all.jar"), JAR);

      ProcessBuilder pb =
          new ProcessBuilder("sh", "-e", "-x", "-c", b.script()).directory(work.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("SIGNLINK_") || k.startsWith("XDG_"));
      pb.environment().put("HOME", home.toString());
      // bin/signlink runs `java` from PATH: the JVM running this test, whatever PATH says
      pb.environment().put("SIGNLINK_JAVA", javaBinary().toString());
      Path out = tmp.resolve("block-" + n + ".out");
      Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      boolean done = p.waitFor(5, TimeUnit.MINUTES);
      if (!done) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = tail(out);
      assertThat(done)
          .as("README block at line %d did not finish in 5 minutes:%n%s", b.line(), output)
          .isTrue();
      assertThat(p.exitValue())
          .as(
              "README block at line %d exited %d (sh -e stops at the first failing command):%n%s",
              b.line(), p.exitValue(), output)
          .isZero();
    }
  }

  @Test
  void findsOnlyMarkedBlocksAndRefusesAMarkerWithoutABlock() {
    List<String> readme =
        List.of(
            "```sh", "echo unmarked", "```", MARKER + " -->", "", "```sh", "true", "false", "```");
    assertThat(offlineBlocks(readme)).containsExactly(new Block(7, "true\nfalse\n"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> offlineBlocks(List.of(MARKER + " -->", "text", "```sh", "true", "```")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("must come right before a ```sh block");
  }

  static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    // the API keys the block creates are throw-away, but a key has no place in a report
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))
        .replaceAll("sk_[A-Za-z0-9_-]{16,}", "sk_…");
  }
}
