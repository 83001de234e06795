package io.signlink.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checkout's build outputs are, found from this class's own location ({@code
 * signlink-bench/target/signlink-bench.jar} or {@code signlink-bench/target/classes}), so the
 * benchmarks run the same from the repository root, the module folder or anywhere else. Stateless.
 */
final class BuildLayout {
  private BuildLayout() {}

  /** {@code signlink-bench/target}, or {@code ./target} when the code runs from elsewhere. */
  static Path benchTarget() {
    try {
      Path here =
          Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path target = here.getParent();
      if (target != null
          && target.getFileName() != null
          && target.getFileName().toString().equals("target")) {
        return target;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    return Path.of("target").toAbsolutePath();
  }

  /** The repository root: the parent of {@code signlink-bench}, else the working directory. */
  static Path repositoryRoot() {
    Path module = benchTarget().getParent();
    if (module != null
        && module.getFileName() != null
        && module.getFileName().toString().equals("signlink-bench")
        && module.getParent() != null) {
      return module.getParent();
    }
    return Path.of("").toAbsolutePath();
  }

  static Path cliJar() {
    return repositoryRoot().resolve("signlink-cli/target/signlink-all.jar");
  }

  /** The runnable Spring Boot example, which the Spring Boot start section times. */
  static Path springBootExampleJar() {
    return repositoryRoot()
        .resolve("examples/spring-boot/target/signlink-example-spring-boot-exec.jar");
  }

  /** {@code bin/signlink}, or {@code null} when this checkout has none. */
  static Path launcher() {
    Path p = repositoryRoot().resolve("bin/signlink");
    return Files.isExecutable(p) ? p : null;
  }

  /** The java binary of this JVM, so the children start the same runtime. */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
