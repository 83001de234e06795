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
 * {@code signlink call <connection> GET /path}: calls the provider API of the connection's own
 * account with its token, refreshing and retrying once on a 401 (SECURITY.md §retry-on-401), and
 * prints the JSON answer pretty. The path is relative to the account's API root — DocuSign {@code
 * {base_uri}/restapi/v2.1/accounts/{accountId}}, BoldSign {@code {api host}/v1} — and cannot leave
 * it (no other host, no {@code ..}), so the token only ever goes to the provider. Only GET: the CLI
 * is for looking. One instance per invocation.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call the provider API of the connection's account with its token; print the JSON.",
      "The path is relative to the account's API root (DocuSign: …/restapi/v2.1/accounts/{id},",
      "BoldSign: …/v1). Examples:",
      "  signlink call 3f2a GET /envelopes?from_date=2026-01-01",
      "  signlink call 9c1e GET '/document/list?Page=1&PageSize=10'"
    })
public final class CallCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  @Parameters(index = "1", paramLabel = "<method>", description = "HTTP method; only GET.")
  String method;

  @Parameters(
      index = "2",
      paramLabel = "<path>",
      description = "Path (and query) below the account's API root.")
  String path;

  CallCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!"GET".equals(method.toUpperCase(Locale.ROOT))) {
      throw new CommandFailure(
          ExitCodes.USAGE, "Only GET is supported by `signlink call` (got " + method + ").");
    }
    if (!path.startsWith("/")) {
      throw new CommandFailure(
          ExitCodes.USAGE,
          "The path must start with '/'; it is relative to the account's API root.");
    }
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c =
        ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    JsonNode answer;
    try {
      answer = ConnectionResolver.reportingReconsent(c, () -> runtime.getJson(c, path));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitCodes.USAGE, "Refusing that path: " + e.getMessage() + ".");
    }
    if (!answer.isMissingNode()) {
      context.out().println(Json.pretty(answer));
    }
    context.out().flush();
    return ExitCodes.OK;
  }
}
