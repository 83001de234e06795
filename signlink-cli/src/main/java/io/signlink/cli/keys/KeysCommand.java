package io.signlink.cli.keys;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Table;
import io.signlink.store.SignLinkStore;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.IssuedApiKey;
import io.signlink.store.crypto.RotationReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink keys …}: the encryption keyset ({@code rotate}, SECURITY.md §key-management) and
 * the service's API keys ({@code create}, {@code list}). A created API key is printed once, to
 * stdout, and cannot be shown again (only its hash is stored). One instance per invocation.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Rotate the encryption keyset, or manage the service's API keys.",
    subcommands = {KeysCommand.Rotate.class, KeysCommand.Create.class, KeysCommand.ListKeys.class})
public final class KeysCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  KeysCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /** {@code signlink keys rotate}. */
  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Add a new primary key to the keyset and re-encrypt every stored token with it.",
        "Safe to run again after an interruption: it continues where it stopped."
      })
  static final class Rotate implements Callable<Integer> {
    private static final int BATCH = 500;
    private final CliContext context;

    Rotate(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      SignLinkStore store = context.runtime().store();
      PrintWriter err = context.err();
      long pending = store.keys().rowsOnOtherKeys();
      if (pending > 0) {
        err.println("Finishing an earlier rotation: " + pending + " rows still on an old key…");
        err.flush();
        RotationReport resumed = reencryptInBatches(store, err);
        if (!resumed.complete()) {
          return incomplete(resumed);
        }
      }
      err.println("Adding a new primary key to the " + store.config().keyset().describe() + "…");
      err.flush();
      RotationReport report = store.rotateKeys();
      err.println(
          "Re-encrypted "
              + report.reencrypted()
              + " rows under key "
              + report.primaryKeyId()
              + ".");
      if (!report.complete()) {
        return incomplete(report);
      }
      context
          .out()
          .println(
              "Keys rotated: primary key "
                  + report.primaryKeyId()
                  + ", "
                  + report.reencrypted()
                  + " rows re-encrypted, none left on old keys.");
      context.out().flush();
      return ExitCodes.OK;
    }

    private static RotationReport reencryptInBatches(SignLinkStore store, PrintWriter err) {
      RotationReport last;
      long before = Long.MAX_VALUE;
      do {
        last = store.keys().reencrypt(BATCH);
        err.println(
            "  " + last.reencrypted() + " rows re-encrypted, " + last.remaining() + " remaining");
        err.flush();
        if (last.remaining() >= before) {
          break; // no progress: only undecryptable rows are left
        }
        before = last.remaining();
      } while (!last.complete());
      return last;
    }

    private int incomplete(RotationReport report) {
      context
          .err()
          .println(
              "signlink: "
                  + report.remaining()
                  + " rows are still on an old key ("
                  + report.undecryptable()
                  + " do not decrypt with any key in the keyset). Restore the"
                  + " keyset they were written with, or revoke those connections, then run"
                  + " `signlink keys rotate` again.");
      context.err().flush();
      return ExitCodes.FAILURE;
    }
  }

  /** {@code signlink keys create <name>}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an API key for the SignLink service; it is printed once.")
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Parameters(
        index = "0",
        paramLabel = "<name>",
        description = "What the key is for, e.g. billing-app.")
    String name;

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      IssuedApiKey issued = context.runtime().store().apiKeys().create(name);
      // The key itself on stdout alone, for `KEY=$(signlink keys create app)`; the rest on stderr.
      context.out().println(issued.plaintext().reveal());
      context.out().flush();
      context
          .err()
          .println(
              "Created API key "
                  + issued.apiKey().id()
                  + " ("
                  + issued.apiKey().name()
                  + "). Store it now: it cannot be shown again.");
      context.err().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code signlink keys list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the service's API keys (never the keys themselves).")
  static final class ListKeys implements Callable<Integer> {
    private final CliContext context;

    ListKeys(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Table t = new Table("ID", "NAME", "PREFIX", "CREATED", "REVOKED");
      for (ApiKey k : context.runtime().store().apiKeys().list()) {
        t.row(
            k.id(),
            k.name(),
            k.prefix(),
            String.valueOf(k.createdAt()),
            k.revokedAt() == null ? "" : k.revokedAt().toString());
      }
      t.print(context.out());
      return ExitCodes.OK;
    }
  }
}
