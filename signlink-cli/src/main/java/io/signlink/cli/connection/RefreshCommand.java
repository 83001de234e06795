package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Text;
import io.signlink.connection.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink refresh <connection>}: refreshes now, whatever the expiry, and says until when
 * the new access token is valid. Prints no token (SECURITY.md §cli-loopback). One instance per
 * invocation.
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    description = "Refresh a connection's tokens now.")
public final class RefreshCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  RefreshCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c =
        ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    Connection refreshed = ConnectionResolver.reportingReconsent(c, () -> runtime.refresh(c));
    context
        .out()
        .println(
            "Refreshed "
                + Text.shortId(refreshed.id())
                + " ("
                + refreshed.providerId()
                + ", "
                + Text.oneLine(refreshed.owner())
                + "): access token valid for "
                + Text.expiresIn(context.clock().instant(), refreshed.tokens().accessExpiresAt())
                + ".");
    context.out().flush();
    return ExitCodes.OK;
  }
}
