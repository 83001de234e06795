package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.connection.Connection;
import io.signlink.oauth.Secret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink token <connection>}: prints a valid access token and a newline, nothing else, for
 * {@code curl -H "Authorization: Bearer $(signlink token 3f2a)"}. Refreshes first when the stored
 * token is about to expire (the token manager decides, SECURITY.md §freshness). This is the one
 * command that prints a token, because that is what it is asked for; it goes to stdout only. One
 * instance per invocation.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Print a valid access token (refreshing it if needed), for $(…) use.")
public final class TokenCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  TokenCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c =
        ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    Secret token = ConnectionResolver.reportingReconsent(c, () -> runtime.accessToken(c));
    context.out().print(token.reveal());
    context.out().print('\n');
    context.out().flush();
    return ExitCodes.OK;
  }
}
