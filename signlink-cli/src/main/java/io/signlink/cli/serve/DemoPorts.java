package io.signlink.cli.serve;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The port a demo's emulator listened on, kept in its data folder ({@code demo.properties}): the
 * DocuSign connections it made store account base URIs that name that port, so a restarted demo
 * must bring the emulator back on it. Stateless.
 */
final class DemoPorts {
  private static final String FILE = "demo.properties";
  private static final String KEY = "emulator.port";

  private DemoPorts() {}

  /** The remembered emulator port, or 0 (any free port) for a new data folder. */
  static int emulatorPort(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return 0;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      return Integer.parseInt(p.getProperty(KEY, "0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static void remember(Path dir, int port) throws IOException {
    Properties p = new Properties();
    p.setProperty(KEY, Integer.toString(port));
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "signlink demo: the emulator comes back on this port after a restart");
    }
  }
}
