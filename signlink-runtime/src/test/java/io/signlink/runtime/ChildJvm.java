package io.signlink.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a test's {@code main} class in a JVM of its own, on the test class path, small and quick
 * to start (128 MiB heap, C1 only, serial GC), its output merged into {@code log}: for the tests
 * that kill a SignLink process or let it die.
 */
public final class ChildJvm {
  private ChildJvm() {}

  public static Process start(Class<?> main, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
