package io.signlink.cli.serve;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.LogLevels;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.server.SignLinkServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signlink demo}: every emulated provider SignLink has a definition for (BoldSign, DocuSign,
 * Dropbox Sign, SignNow, PandaDoc, …) plus the SignLink service and console, on the embedded
 * default (SQLite and a generated keyset in a data folder), on loopback, in dev mode. The service
 * is configured with the emulator's demo clients, and the emulator is told the service's callback
 * URLs, so the console's "connect" buttons work offline end to end. Blocks until Ctrl-C. One
 * instance per invocation.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the emulated e-signature providers together with the SignLink service and console,",
      "on 127.0.0.1, with an embedded encrypted store. Ctrl-C stops everything."
    })
public final class DemoCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the store here (default: a temporary folder, deleted at exit).")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "The service's port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--no-browser", description = "Do not open the console in a browser.")
  boolean noBrowser;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    LogLevels.demo(context.env());
    boolean temporary = dataDir == null;
    Path dir =
        temporary ? Files.createTempDirectory("signlink-demo-") : Files.createDirectories(dataDir);
    int servicePort = port == 0 ? freeLoopbackPort() : port;
    URI service = URI.create("http://127.0.0.1:" + servicePort);
    EmulatorConfig.Builder emulatorConfig =
        EmulatorConfig.builder()
            .redirectUri(service + "/callback/boldsign", service + "/callback/docusign");
    if (!temporary) {
      // A kept data folder keeps the emulator's grants and port, so stored connections (and
      // DocuSign base URIs, which name the port) still work after a restart.
      emulatorConfig
          .stateFile(dir.resolve("emulator-state.json"))
          .port(DemoPorts.emulatorPort(dir));
    }
    Emulator emulator;
    try {
      emulator = Emulator.start(emulatorConfig.build());
    } catch (RuntimeException e) {
      if (temporary) {
        deleteQuietly(dir);
      }
      int remembered = temporary ? 0 : DemoPorts.emulatorPort(dir);
      if (remembered != 0) {
        throw new io.signlink.cli.CommandFailure(
            ExitCodes.FAILURE,
            "The demo's emulator cannot listen on port "
                + remembered
                + " again (remembered in "
                + dir.resolve("demo.properties")
                + "): another process uses it. Stop that process; the stored connections need"
                + " the same port.");
      }
      throw e;
    }
    if (!temporary) {
      DemoPorts.remember(dir, emulator.baseUri().getPort());
    }
    SignLinkServer server;
    try {
      server = SignLinkServer.start(config(dir, servicePort, emulator));
    } catch (RuntimeException e) {
      emulator.close();
      if (temporary) {
        deleteQuietly(dir); // a demo that did not start leaves nothing behind
      }
      throw e;
    }
    Path cliSettings = writeCliSettings(dir, emulator);
    printBanner(server.baseUri(), emulator, dir, temporary, cliSettings);
    if (!noBrowser) {
      context.browser().open(server.baseUri());
    }
    Blocking.untilInterrupted(
        context.interrupts(),
        new CountDownLatch(1),
        () -> {
          server.close();
          emulator.close();
          if (temporary) {
            deleteQuietly(dir);
          }
        });
    context.err().println("Demo stopped.");
    context.err().flush();
    return ExitCodes.OK;
  }

  /**
   * The demo's own keyset, made here so that the store's warning about a generated production
   * keyset does not greet every demo: for the demo a keyset next to its database is the point.
   */
  private static Path demoKeyset(Path dir) {
    Path keyset = dir.resolve("keyset.json");
    if (!Files.exists(keyset)) {
      try {
        io.signlink.store.crypto.Keysets.createFile(keyset);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the demo keyset " + keyset, e);
      }
    }
    return keyset;
  }

  /** The service configured for the emulator's demo clients (public demo values, emulator only). */
  static SignLinkConfig config(Path dir, int port, Emulator emulator) {
    SignLinkConfig.Builder b =
        SignLinkConfig.builder()
            .dataDir(dir)
            .keysetFile(demoKeyset(dir))
            .bindAddress("127.0.0.1")
            .port(port)
            .devMode(true);
    for (DemoProviders.Offered p : providers(emulator).offered()) {
      b.provider(new ProviderSettings.Defined(p.client()));
    }
    return b.build();
  }

  static DemoProviders providers(Emulator emulator) {
    return DemoProviders.of(emulator, ProviderDefinitions.builtIn());
  }

  private void printBanner(
      URI console, Emulator emulator, Path dir, boolean temporary, Path cliSettings) {
    DemoProviders providers = providers(emulator);
    PrintWriter err = context.err();
    err.println("SignLink demo is running (Ctrl-C to stop).");
    err.println("  Console:   " + console + "/");
    err.println("  Emulator:  " + emulator.baseUri() + "  (" + providers.names() + ", offline)");
    err.println("  Data:      " + dir + (temporary ? "  (temporary)" : ""));
    err.println();
    err.println(
        "Use the CLI on the demo's connections from another terminal (signlink is bin/signlink in"
            + " the checkout):");
    err.println("  export SIGNLINK_CONFIG=" + cliSettings);
    err.println("  signlink connections");
    err.println("  signlink login " + providers.firstId() + " --owner alice");
    err.flush();
  }

  /**
   * Writes the settings the CLI needs to use the demo's store and emulator — every provider the
   * demo runs — as a properties file the CLI reads through {@code SIGNLINK_CONFIG}, so one line in
   * another terminal is enough. The values are the emulator's public demo clients.
   */
  static Path writeCliSettings(Path dir, Emulator emulator) throws IOException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("SIGNLINK_DATA_DIR", dir.toString());
    p.setProperty("SIGNLINK_KEYSET_FILE", dir.resolve("keyset.json").toString());
    for (DemoProviders.Offered provider : providers(emulator).offered()) {
      provider.settings().forEach(p::setProperty);
    }
    Path file = dir.resolve("cli.properties");
    try (java.io.Writer w =
        Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8)) {
      p.store(w, "signlink demo: export SIGNLINK_CONFIG=" + file + " to use the CLI on the demo");
    }
    return file;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}
