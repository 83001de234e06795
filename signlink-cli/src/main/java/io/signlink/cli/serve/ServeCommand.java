package io.signlink.cli.serve;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.LogLevels;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.server.SignLinkServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signlink serve}: runs the SignLink service configured by {@code SIGNLINK_*} variables
 * (over {@code --config FILE} or {@code SIGNLINK_CONFIG}) until Ctrl-C, then shuts down gracefully
 * (SECURITY.md §startup-shutdown). One instance per invocation.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SignLink service (configured by SIGNLINK_* variables) until Ctrl-C.",
      "Example: SIGNLINK_DOCUSIGN_CLIENT_ID=… SIGNLINK_DOCUSIGN_CLIENT_SECRET=… signlink serve"
    })
public final class ServeCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with SIGNLINK_* settings; the environment wins.")
  Path configFile;

  /** Counted down to stop without Ctrl-C (tests). */
  final CountDownLatch stop = new CountDownLatch(1);

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    LogLevels.service(context.env());
    SignLinkConfig config = SignLinkConfig.load(context.env(), configFile);
    SignLinkServer server = SignLinkServer.start(config);
    context.err().println("SignLink is listening on " + server.baseUri() + " (Ctrl-C to stop)");
    context.err().flush();
    Blocking.untilInterrupted(context.interrupts(), stop, server::close);
    context.err().println("SignLink stopped.");
    context.err().flush();
    return ExitCodes.OK;
  }
}
