package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Table;
import io.signlink.cli.output.Text;
import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.provider.ResolvedIdentity;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink whoami <connection>}: asks the provider now (userinfo, SECURITY.md §userinfo) who
 * the connection signs in as and which accounts it can use, marking the selected one. One instance
 * per invocation.
 */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = "Show who a connection signs in as, and its accounts (asks the provider).")
public final class WhoamiCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<connection>",
      description = "Connection id or unique prefix.")
  String ref;

  WhoamiCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    var runtime = ConnectionResolver.runtimeFor(context, ref);
    Connection c =
        ConnectionResolver.requireUsable(ConnectionResolver.resolve(runtime.connections(), ref));
    ResolvedIdentity who = ConnectionResolver.reportingReconsent(c, () -> runtime.identity(c));
    PrintWriter out = context.out();
    out.println("Provider:   " + c.providerId());
    out.println("Owner:      " + Text.oneLine(c.owner()));
    out.println("Subject:    " + Text.oneLine(who.subject()));
    if (who.name() != null) {
      out.println("Name:       " + Text.oneLine(who.name()));
    }
    if (who.email() != null) {
      out.println("Email:      " + Text.oneLine(who.email()));
    }
    if (!who.accounts().isEmpty()) {
      out.println();
      Table table = new Table("", "ACCOUNT ID", "NAME", "BASE URI", "DEFAULT");
      for (Account a : who.accounts()) {
        table.row(
            Objects.equals(a.accountId(), c.accountId()) ? "*" : " ",
            a.accountId(),
            a.accountName(),
            a.baseUri(),
            a.isDefault() ? "yes" : "no");
      }
      table.print(out);
      out.println("* the account this connection uses");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
