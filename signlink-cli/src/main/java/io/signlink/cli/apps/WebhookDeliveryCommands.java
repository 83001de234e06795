package io.signlink.cli.apps;

import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Table;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import io.signlink.store.outbox.WebhookOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink apps deliveries|redeliver}: an application's webhook deliveries from the outbox,
 * and sending a given-up one again (SECURITY.md §durable-webhooks). A running server sends what
 * these commands queue. One instance per invocation.
 */
final class WebhookDeliveryCommands {
  /** How long a delivery sent again is retried, as the server's deliveries are. */
  static final Duration RETRY_FOR = Duration.ofHours(24);

  private WebhookDeliveryCommands() {}

  /** {@code signlink apps deliveries <app> [--status pending|delivered|failed] [--limit n]}. */
  @Command(
      name = "deliveries",
      mixinStandardHelpOptions = true,
      description =
          "List an application's webhook deliveries, newest first, with what the receiver last"
              + " answered; failed ones were given up.")
  static final class ListDeliveries implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "<app>", description = "The application id.")
    String app;

    @Option(
        names = "--status",
        paramLabel = "<status>",
        description = "Only pending, delivered or failed deliveries.")
    String status;

    @Option(
        names = "--limit",
        paramLabel = "<n>",
        description = "At most this many (1 to 500, default 50).")
    int limit = 50;

    ListDeliveries(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      DeliveryStatus wanted;
      try {
        wanted = status == null ? null : DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return usage("--status must be pending, delivered or failed");
      }
      if (limit < 1 || limit > 500) {
        return usage("--limit must be from 1 to 500");
      }
      if (context.runtime().store().applications().find(app).isEmpty()) {
        return usage("no application " + app + "; see signlink apps list");
      }
      WebhookOutbox outbox = context.runtime().store().webhookOutbox();
      Table t = new Table("ID", "EVENT", "CONNECTION", "STATUS", "ATTEMPTS", "LAST RESULT", "WHEN");
      for (Delivery d : outbox.list(app, wanted, limit)) {
        t.row(
            d.id(),
            d.eventType(),
            d.connectionId() == null ? "" : d.connectionId(),
            d.status().name().toLowerCase(Locale.ROOT),
            Integer.toString(d.attempts()),
            d.lastResult() == null ? "" : d.lastResult(),
            when(d));
      }
      t.print(context.out());
      StringBuilder counts = new StringBuilder();
      for (Map.Entry<DeliveryStatus, Long> e : outbox.counts(app).entrySet()) {
        counts
            .append(counts.length() == 0 ? "" : ", ")
            .append(e.getValue())
            .append(' ')
            .append(e.getKey().name().toLowerCase(Locale.ROOT));
      }
      context
          .err()
          .println(
              app
                  + ": "
                  + counts
                  + ". Send a failed one again: signlink apps"
                  + " redeliver "
                  + app
                  + " <id>");
      context.err().flush();
      return ExitCodes.OK;
    }

    private Integer usage(String message) {
      context.err().println("signlink: " + message + ".");
      context.err().flush();
      return ExitCodes.USAGE;
    }

    /** When it is due (pending) or when it ended. */
    private static String when(Delivery d) {
      Instant at = d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : d.finishedAt();
      String prefix = d.status() == DeliveryStatus.PENDING ? "next " : "";
      return at == null ? "" : prefix + at;
    }
  }

  /** {@code signlink apps redeliver <app> <delivery-id>}. */
  @Command(
      name = "redeliver",
      mixinStandardHelpOptions = true,
      description =
          "Send a given-up (failed) webhook delivery again; a running server sends it within a"
              + " second and retries it like a new one.")
  static final class Redeliver implements Callable<Integer> {
    private final CliContext context;

    @Parameters(index = "0", paramLabel = "<app>", description = "The application id.")
    String app;

    @Parameters(
        index = "1",
        paramLabel = "<delivery-id>",
        description = "From signlink apps deliveries <app> --status failed.")
    String id;

    Redeliver(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      WebhookOutbox outbox = context.runtime().store().webhookOutbox();
      var found = outbox.find(app, id);
      if (found.isEmpty()) {
        context
            .err()
            .println(
                "signlink: no webhook delivery "
                    + id
                    + " in application "
                    + app
                    + "; see signlink apps deliveries "
                    + app
                    + ".");
        context.err().flush();
        return ExitCodes.FAILURE;
      }
      if (!outbox.redeliver(app, id, RETRY_FOR)) {
        context
            .err()
            .println(
                "signlink: webhook delivery "
                    + id
                    + " is "
                    + found.get().status().name().toLowerCase(Locale.ROOT)
                    + "; only a failed one is sent again.");
        context.err().flush();
        return ExitCodes.FAILURE;
      }
      context.err().println("Queued webhook delivery " + id + " again; a running server sends it.");
      context.err().flush();
      return ExitCodes.OK;
    }
  }
}
