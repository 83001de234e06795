package io.signlink.cli.keys;

import io.signlink.application.ApiScope;
import io.signlink.application.Application;
import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Table;
import io.signlink.store.SignLinkStore;
import io.signlink.store.apikey.ApiKey;
import io.signlink.store.apikey.IssuedApiKey;
import io.signlink.store.crypto.RotationReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink keys …}: the encryption keyset ({@code rotate}, SECURITY.md §key-management) and
 * the service's API keys ({@code create}, {@code list}, {@code revoke}; SECURITY.md §applications).
 * A created API key is printed once, to stdout, and cannot be shown again (only its hash is
 * stored). One instance per invocation.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Rotate the encryption keyset, or manage the service's API keys.",
    subcommands = {
      KeysCommand.Rotate.class,
      KeysCommand.Create.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Revoke.class
    })
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

  /** {@code signlink keys create <name> [--app <id>] [--scope <scope>…] [--expires <when>]}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an API key for the SignLink service; it is printed once.",
        "It acts for one application and sees only that application's connections."
      })
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Parameters(
        index = "0",
        paramLabel = "<name>",
        description = "What the key is for, e.g. billing-app.")
    String name;

    @Option(
        names = "--app",
        paramLabel = "<id>",
        defaultValue = Application.DEFAULT_ID,
        description = "The application the key acts for (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(
        names = "--scope",
        paramLabel = "<scope>",
        split = ",",
        description = {
          "What the key may do; repeat or separate with commas: tokens:read,"
              + " connections:manage, connect-sessions:create, admin.",
          "Default: tokens:read, connections:manage and connect-sessions:create."
        })
    List<String> scopes = new ArrayList<>();

    @Option(
        names = "--expires",
        paramLabel = "<when>",
        description =
            "When the key stops working: a duration (90d, 12h, 30m) or an instant"
                + " (2027-01-31T00:00:00Z). Default: never (until revoked).")
    String expires;

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Set<ApiScope> granted;
      Instant expiresAt;
      try {
        granted = scopes.isEmpty() ? ApiScope.LEGACY : ApiScope.parse(String.join(" ", scopes));
        expiresAt = expiry(expires, context.clock().instant());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "signlink keys create: " + e.getMessage());
      }
      IssuedApiKey issued;
      try {
        issued = context.runtime().store().apiKeys().create(name, app, granted, expiresAt);
      } catch (IllegalArgumentException e) {
        context.err().println("signlink: " + e.getMessage() + ".");
        context.err().flush();
        return ExitCodes.USAGE;
      }
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
                  + ") for application "
                  + issued.apiKey().applicationId()
                  + " with scopes "
                  + ApiScope.format(issued.apiKey().scopes())
                  + (issued.apiKey().expiresAt() == null
                      ? ""
                      : ", expiring " + issued.apiKey().expiresAt())
                  + ". Store it now: it cannot be shown again.");
      context.err().flush();
      return ExitCodes.OK;
    }

    /** {@code 90d}, {@code 12h}, {@code 30m} from now, or an ISO-8601 instant; null for never. */
    static Instant expiry(String text, Instant now) {
      if (text == null || text.isBlank()) {
        return null;
      }
      String t = text.trim();
      try {
        if (t.matches("\\d+[dhm]")) {
          long n = Long.parseLong(t.substring(0, t.length() - 1));
          return switch (t.charAt(t.length() - 1)) {
            case 'd' -> now.plus(Duration.ofDays(n));
            case 'h' -> now.plus(Duration.ofHours(n));
            default -> now.plus(Duration.ofMinutes(n));
          };
        }
        return Instant.parse(t);
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "--expires must be like 90d, 12h, 30m or 2027-01-31T00:00:00Z, not '" + t + "'");
      }
    }
  }

  /** {@code signlink keys list [--app <id>]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the service's API keys (never the keys themselves), with last use.")
  static final class ListKeys implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--app", paramLabel = "<id>", description = "Only this application's keys.")
    String app;

    ListKeys(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Table t =
          new Table(
              "ID",
              "NAME",
              "PREFIX",
              "APP",
              "SCOPES",
              "CREATED",
              "EXPIRES",
              "LAST USED",
              "REVOKED");
      var store = context.runtime().store().apiKeys();
      for (ApiKey k : app == null ? store.list() : store.list(app)) {
        t.row(
            k.id(),
            k.name(),
            k.prefix(),
            k.applicationId(),
            ApiScope.format(k.scopes()).replace(' ', ','),
            String.valueOf(k.createdAt()),
            k.expiresAt() == null ? "never" : k.expiresAt().toString(),
            k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString(),
            k.revokedAt() == null ? "" : k.revokedAt().toString());
      }
      t.print(context.out());
      return ExitCodes.OK;
    }
  }

  /** {@code signlink keys revoke <id>}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke an API key: a running server refuses it within seconds and ends the console"
            + " sessions it opened."
      })
  static final class Revoke implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "<id>", description = "The key's id (see keys list).")
    String id;

    Revoke(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      var store = context.runtime().store().apiKeys();
      if (store.find(id).isEmpty()) {
        context
            .err()
            .println("signlink: no API key " + id + "; list them with: signlink keys list");
        context.err().flush();
        return ExitCodes.FAILURE;
      }
      boolean revoked = store.revoke(id);
      context
          .out()
          .println(
              revoked ? "Revoked API key " + id + "." : "API key " + id + " was already revoked.");
      context.out().flush();
      return ExitCodes.OK;
    }
  }
}
