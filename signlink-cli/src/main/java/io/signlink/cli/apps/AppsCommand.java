package io.signlink.cli.apps;

import io.signlink.application.Application;
import io.signlink.application.WebhookEvents;
import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Table;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink apps create|list|deliveries|redeliver}: applications (SECURITY.md §applications)
 * and their webhook deliveries. A webhook secret is generated, printed once on stdout and stored
 * encrypted. One instance per invocation.
 */
@Command(
    name = "apps",
    mixinStandardHelpOptions = true,
    description = "Manage the applications that use SignLink (their keys: signlink keys).",
    subcommands = {
      AppsCommand.Create.class,
      AppsCommand.ListApps.class,
      WebhookDeliveryCommands.ListDeliveries.class,
      WebhookDeliveryCommands.Redeliver.class
    })
public final class AppsCommand implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  AppsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /** {@code signlink apps create <id> [--name …] [--return-url …] [--webhook-url …] [--tag …]}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an application; with --webhook-url its signing secret is printed once.")
  static final class Create implements Callable<Integer> {
    private final CliContext context;

    @Parameters(
        index = "0",
        paramLabel = "<id>",
        description = "Short id: lower-case letters, digits, '-' and '_', e.g. acme.")
    String id;

    @Option(names = "--name", description = "Display name shown to end users (default: the id).")
    String name;

    @Option(
        names = "--return-url",
        paramLabel = "<url>",
        description = "A URL connect sessions may return the browser to (repeatable).")
    List<String> returnUrls = new ArrayList<>();

    @Option(
        names = "--webhook-url",
        paramLabel = "<url>",
        description = "Where this application's connection events are POSTed.")
    String webhookUrl;

    @Option(
        names = "--webhook-event",
        paramLabel = "<event>",
        description =
            "An event the webhook receives (repeatable; none: every event but"
                + " connection.refreshed), e.g. connection.reauth_required.")
    List<String> webhookEvents = new ArrayList<>();

    @Option(
        names = "--tag",
        paramLabel = "<tag>",
        description = "A label copied into every event of this application (repeatable).")
    List<String> tags = new ArrayList<>();

    Create(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      String eventsProblem = WebhookEvents.problem(webhookEvents);
      if (eventsProblem != null) {
        context.err().println("signlink: --webhook-event: " + eventsProblem + ".");
        context.err().flush();
        return ExitCodes.USAGE;
      }
      Secret secret = null;
      if (webhookUrl != null) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        secret = Secret.of("whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      }
      Application created;
      try {
        created =
            context
                .runtime()
                .store()
                .applications()
                .create(
                    new Application(
                        id,
                        name == null ? id : name,
                        returnUrls.stream().map(URI::create).toList(),
                        webhookUrl == null ? null : URI.create(webhookUrl),
                        secret,
                        Set.copyOf(webhookEvents),
                        tags,
                        context.clock().instant()));
      } catch (IllegalArgumentException e) { // also a malformed URL from URI.create
        context.err().println("signlink: " + e.getMessage() + ".");
        context.err().flush();
        return ExitCodes.USAGE;
      }
      if (secret != null) {
        context.out().println(secret.reveal());
        context.out().flush();
      }
      context
          .err()
          .println(
              "Created application "
                  + created.id()
                  + " ("
                  + created.name()
                  + ")."
                  + (secret == null
                      ? ""
                      : " The webhook signing secret is above; store it now: it is not shown"
                          + " again.")
                  + " Give it a key with: signlink keys create <name> --app "
                  + created.id()
                  + " --scope …");
      context.err().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code signlink apps list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the applications.")
  static final class ListApps implements Callable<Integer> {
    private final CliContext context;

    ListApps(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      Table t = new Table("ID", "NAME", "RETURN URLS", "WEBHOOK", "TAGS", "CREATED");
      for (Application a : context.runtime().store().applications().list()) {
        t.row(
            a.id(),
            a.name(),
            String.join(" ", a.returnUrls().stream().map(URI::toString).toList()),
            a.webhookUrl() == null ? "" : a.webhookUrl().toString(),
            String.join(",", a.tags()),
            a.createdAt().toString());
      }
      t.print(context.out());
      return ExitCodes.OK;
    }
  }
}
