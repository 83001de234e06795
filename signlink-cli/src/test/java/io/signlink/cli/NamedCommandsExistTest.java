package io.signlink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.support.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code signlink …} command that a message in the code or the README tells a user to run
 * exists: its {@code --help} exits 0. A message that recommends a command that is not there strands
 * the user exactly when they need help.
 */
class NamedCommandsExistTest {
  private static final Pattern NAMED =
      Pattern.compile("`signlink ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)");
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyCommandNamedInMessagesAndTheReadmeExists() {
    Set<String> named = new TreeSet<>();
    for (Path file : sources()) {
      Matcher m = NAMED.matcher(read(file));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).contains("keyset create", "connections");

    var root = SignLinkCli.commandLine(new CliRun().context());
    List<String> missing = new ArrayList<>();
    for (String command : named) {
      String[] words = command.split(" ");
      var found = root.getSubcommands().get(words[0]);
      List<String> args = new ArrayList<>(List.of(words[0]));
      if (found != null && !found.getSubcommands().isEmpty() && words.length > 1) {
        found = found.getSubcommands().get(words[1]); // `keys generate` must be a subcommand
        args.add(words[1]);
      }
      args.add("--help");
      CliRun.Result r = found == null ? null : new CliRun().run(args.toArray(String[]::new));
      if (r == null || r.exitCode() != 0) {
        missing.add(command + (r == null ? ": no such command" : ": --help exits " + r.exitCode()));
      }
    }
    assertThat(missing).as("commands named to users that do not exist").isEmpty();
  }

  /**
   * Every {@code signlink …} line in the README's shell blocks is a valid command line as written:
   * the command exists and takes those options and arguments (picocli parses it; nothing runs).
   */
  @Test
  void everyCommandLineInTheReadmeParses() {
    List<String> lines = readmeCommandLines();
    assertThat(lines).hasSizeGreaterThan(5);
    List<String> refused = new ArrayList<>();
    for (String line : lines) {
      String[] args = words(line);
      try {
        SignLinkCli.commandLine(new CliRun().context()).parseArgs(args);
      } catch (picocli.CommandLine.ParameterException e) {
        refused.add(line + " → " + e.getMessage());
      }
    }
    assertThat(refused).as("README command lines the CLI refuses").isEmpty();
  }

  private static List<String> readmeCommandLines() {
    List<String> out = new ArrayList<>();
    boolean inShell = false;
    for (String line : read(ROOT.resolve("README.md")).split("\n")) {
      if (line.startsWith("```")) {
        inShell = !inShell && line.startsWith("```sh");
        continue;
      }
      String command = line.replaceFirst("\\s+#.*$", "").replaceFirst("\\s*>.*$", "").strip();
      for (String prefix :
          List.of(
              "signlink ", "bin/signlink ", "java -jar signlink-cli/target/signlink-all.jar ")) {
        if (inShell && command.startsWith(prefix)) {
          out.add(command.substring(prefix.length()));
        }
      }
    }
    return out;
  }

  /** Shell words: whitespace-separated, single or double quotes kept together. */
  private static String[] words(String line) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words.toArray(String[]::new);
  }

  private static List<Path> sources() {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> walk = Files.walk(ROOT)) {
      walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/"))
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
