package io.signlink.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.cli.CliContext;
import io.signlink.cli.CommandFailure;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Json;
import io.signlink.connection.Connection;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink call <connection> GET /path}: calls the provider API on the connection's own
 * account base URI with its token, refreshing and retrying once on a 401 (checklist #58), and
 * prints the JSON answer pretty. The path is relative to the account's base URI and cannot leave it
 * (no other host, no {@code ..}), so the token only ever goes to the provider. {@code {accountId}}
 * in the path is replaced by the connection's account id. Only GET: the CLI is for looking. One
 * instance per invocation.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call the provider API on the connection's account with its token, print JSON.",
      "Example: signlink call 3f2a GET /restapi/v2.1/accounts/{accountId}/envelopes?from_date=2026-01-01"
    })
public final class CallCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(index = "0", paramLabel = "<connection>", description = "Connection id or unique prefix.")
  String ref;

  @Parameters(index = "1", paramLabel = "<method>", description = "HTTP method; only GET.")
  String method;

  @Parameters(index = "2", paramLabel = "<path>", description = "Path (and query) under the account's base URI.")
  String path;

  CallCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!"GET".equals(method.toUpperCase(Locale.ROOT))) {
      throw new CommandFailure(ExitCodes.USAGE, "Only GET is supported by `signlink call` (got " + method + ").");
    }
    if (!path.startsWith("/")) {
      throw new CommandFailure(ExitCodes.USAGE, "The path must start with '/' and is relative to the account's base URI.");
    }
    var runtime = context.runtime();
    Connection c = ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    String resolved = c.accountId() == null ? path : path.replace("{accountId}", c.accountId());
    JsonNode answer = ConnectionResolver.reportingReconsent(c, () -> runtime.getJson(c, resolved));
    if (!answer.isMissingNode()) {
      context.out().println(Json.pretty(answer));
    }
    context.out().flush();
    return ExitCodes.OK;
  }
}
