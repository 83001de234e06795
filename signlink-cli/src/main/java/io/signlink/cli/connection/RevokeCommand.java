package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Text;
import io.signlink.connection.Connection;
import io.signlink.error.SignLinkException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink revoke <connection>}: revokes the grant at the provider when it has a revocation
 * endpoint (RFC 7009), then deletes the connection. The local row is deleted even when revocation
 * fails (SECURITY.md §revocation); the command then warns on stderr and still exits 0, because the
 * connection is gone from SignLink, which is what was asked. The deletion is announced as the
 * service's is ({@code connection.revoked}, {@code connection.deleted}: event log and webhook
 * outbox, which a running server delivers). One instance per invocation.
 */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke a connection at the provider (when it can) and delete it.")
public final class RevokeCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  RevokeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c = ConnectionResolver.resolve(runtime.connections(), ref);
    String where = "";
    boolean revoked = false;
    try {
      revoked = runtime.revokeAtProvider(c);
      if (revoked) {
        where = "revoked at " + c.providerId() + " and ";
      } else {
        context
            .err()
            .println(
                "signlink: note: "
                    + c.providerId()
                    + " has no revocation endpoint; to end the grant"
                    + " there too, remove the app's access in your "
                    + c.providerId()
                    + " account settings.");
      }
    } catch (SignLinkException e) {
      context
          .err()
          .println(
              "signlink: warning: could not revoke at "
                  + c.providerId()
                  + " ("
                  + Text.oneLine(e.getMessage())
                  + "); the grant may stay valid there until it expires. Remove the app's access in your "
                  + c.providerId()
                  + " account settings to be sure.");
    }
    // announced as the service announces a disconnection: event log and webhook outbox
    runtime.delete(c, revoked);
    context
        .out()
        .println(
            "Connection "
                + Text.shortId(c.id())
                + " ("
                + c.providerId()
                + ", "
                + Text.oneLine(c.owner())
                + ") "
                + where
                + "deleted.");
    context.out().flush();
    return ExitCodes.OK;
  }
}
