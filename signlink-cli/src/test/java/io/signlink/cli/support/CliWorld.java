package io.signlink.cli.support;

import io.signlink.cli.CliRuntime;
import io.signlink.connection.Connection;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One test's world: the emulator on a free port, a fresh data folder (SQLite + generated keyset),
 * and the {@code SIGNLINK_*} environment that points the CLI at both — the same variables a user
 * sets. Close it after the test.
 */
public final class CliWorld implements AutoCloseable {
  private final Emulator emulator;
  private final Path dataDir;

  private CliWorld(Emulator emulator, Path dataDir) {
    this.emulator = emulator;
    this.dataDir = dataDir;
  }

  /** An emulator that shows its consent page (auto-approve off). */
  public static CliWorld start() {
    return start(EmulatorConfig.builder().autoApprove(false).build());
  }

  public static CliWorld start(EmulatorConfig config) {
    try {
      return new CliWorld(Emulator.start(config), Files.createTempDirectory("signlink-cli-test-"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Emulator emulator() {
    return emulator;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A CLI run configured for this world: confidential demo clients of both providers. */
  public CliRun cli() {
    return new CliRun()
        .env("SIGNLINK_DATA_DIR", dataDir.toString())
        .env("SIGNLINK_DOCUSIGN_CLIENT_ID", DemoClients.DOCUSIGN_INTEGRATION_KEY)
        .env("SIGNLINK_DOCUSIGN_CLIENT_SECRET", DemoClients.DOCUSIGN_SECRET)
        .env("SIGNLINK_DOCUSIGN_ACCOUNT_URL", emulator.docuSignAccountBase().toString())
        .env("SIGNLINK_BOLDSIGN_CLIENT_ID", DemoClients.BOLDSIGN_CLIENT_ID)
        .env("SIGNLINK_BOLDSIGN_CLIENT_SECRET", DemoClients.BOLDSIGN_CLIENT_SECRET)
        .env("SIGNLINK_BOLDSIGN_ACCOUNT_URL", emulator.boldSignAccountBase().toString())
        .env("SIGNLINK_BOLDSIGN_API_URL", emulator.boldSignApiBase().toString())
        .runtime(CliRuntime::open);
  }

  /** Every stored connection, read through a fresh runtime as another process would. */
  public List<Connection> connections() {
    CliRun run = cli();
    return run.withRuntime(rt -> rt.connections().list(0, 1000));
  }

  @Override
  public void close() {
    emulator.close();
    try (Stream<Path> walk = Files.walk(dataDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leftovers in /tmp are harmless
    }
  }
}
