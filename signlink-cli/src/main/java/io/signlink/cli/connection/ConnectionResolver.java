package io.signlink.cli.connection;

import io.signlink.cli.CliContext;
import io.signlink.cli.CliRuntime;
import io.signlink.cli.CommandFailure;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Text;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import io.signlink.error.ReauthRequiredException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the connection a command names: a full id, or a prefix that matches exactly one connection
 * (like git's abbreviated hashes). An unknown or ambiguous reference exits with {@link
 * ExitCodes#FAILURE} and a message saying how to find the right id. Also the one place that turns
 * "this connection needs re-consent" into the {@code signlink login …} advice. Stateless.
 */
public final class ConnectionResolver {
  private static final int PAGE = 500;

  private ConnectionResolver() {}

  /**
   * The runtime that holds the connection {@code ref} names; a machine without a database yet has
   * no connections, and looking for one must not create the database.
   */
  public static CliRuntime runtimeFor(CliContext context, String ref) {
    return context
        .existingRuntime()
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCodes.FAILURE,
                    "No connection '"
                        + Text.oneLine(ref == null ? "" : ref.trim())
                        + "': nothing is connected yet. Run `signlink login <provider>` to add"
                        + " one."));
  }

  /** The connection {@code ref} names. */
  public static Connection resolve(ConnectionStore store, String ref) {
    String wanted = ref == null ? "" : ref.trim();
    if (wanted.isEmpty()) {
      throw new CommandFailure(
          ExitCodes.USAGE, "Give a connection id (see `signlink connections`)");
    }
    Optional<Connection> exact = store.find(wanted);
    if (exact.isPresent()) {
      return exact.get();
    }
    List<String> matches = new ArrayList<>();
    String lower = wanted.toLowerCase(Locale.ROOT);
    for (int offset = 0; ; offset += PAGE) {
      List<Connection> page = store.list(offset, PAGE);
      for (Connection c : page) {
        if (c.id().toLowerCase(Locale.ROOT).startsWith(lower)) {
          matches.add(c.id());
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    if (matches.isEmpty()) {
      throw new CommandFailure(
          ExitCodes.FAILURE,
          "No connection '" + Text.oneLine(wanted) + "'. Run `signlink connections` to list them.");
    }
    if (matches.size() > 1) {
      throw new CommandFailure(
          ExitCodes.FAILURE,
          "'"
              + Text.oneLine(wanted)
              + "' matches "
              + matches.size()
              + " connections ("
              + String.join(", ", matches.stream().limit(5).map(Text::shortId).toList())
              + "); give more characters of the id.");
    }
    return store
        .find(matches.get(0))
        .orElseThrow(
            () ->
                new CommandFailure(
                    ExitCodes.FAILURE, "Connection " + matches.get(0) + " was just deleted."));
  }

  /** Fails with exit 3 and the login advice when the connection cannot be used any more. */
  public static Connection requireUsable(Connection c) {
    if (c.status() == ConnectionStatus.REAUTH_REQUIRED || c.status() == ConnectionStatus.REVOKED) {
      throw reconsent(
          c, c.status() == ConnectionStatus.REVOKED ? "was revoked" : "needs re-consent");
    }
    return c;
  }

  /** Runs {@code action}; a dead grant discovered on the way becomes the login advice (exit 3). */
  public static <T> T reportingReconsent(Connection c, Supplier<T> action) {
    try {
      return action.get();
    } catch (ReauthRequiredException e) {
      throw reconsent(c, "needs re-consent");
    }
  }

  /**
   * "Connection 3f2a1b2c (docusign, alice) needs re-consent: run `signlink login docusign --owner
   * alice`".
   */
  public static CommandFailure reconsent(Connection c, String what) {
    return new CommandFailure(
        ExitCodes.REAUTH_REQUIRED,
        "Connection "
            + Text.shortId(c.id())
            + " ("
            + c.providerId()
            + ", "
            + Text.oneLine(c.owner())
            + ") "
            + what
            + ": run `signlink login "
            + c.providerId()
            + " --owner "
            + shellQuote(c.owner())
            + "`");
  }

  static String shellQuote(String s) {
    if (s.matches("[A-Za-z0-9._@+=:,/-]+")) {
      return s;
    }
    return "'" + Text.oneLine(s).replace("'", "'\\''") + "'";
  }
}
