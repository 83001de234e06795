package io.signlink.cli.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signlink.cli.CliContext;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.output.Json;
import io.signlink.cli.output.Table;
import io.signlink.cli.output.Text;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signlink connections}: the stored connections as a table or JSON. Never prints a token;
 * JSON gives full ids, expiry instants and whether a refresh token is held. One instance per
 * invocation.
 */
@Command(
    name = "connections",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List stored connections.")
public final class ConnectionsCommand implements Callable<Integer> {
  private static final int PAGE = 500;
  private final CliContext context;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(names = "--owner", paramLabel = "NAME", description = "Only this owner's connections.")
  String owner;

  ConnectionsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<Connection> all =
        context.existingRuntime().map(rt -> load(rt.connections())).orElse(List.of());
    Instant now = context.clock().instant();
    if (json) {
      ArrayNode array = Json.mapper().createArrayNode();
      all.forEach(c -> array.add(toJson(c, now)));
      context.out().println(Json.pretty(array));
    } else if (all.isEmpty()) {
      context
          .err()
          .println(
              owner == null
                  ? "No connections yet. Run `signlink login <provider>` to add one."
                  : "No connections for owner '" + Text.oneLine(owner) + "'.");
    } else {
      Table table =
          new Table(
              "ID", "PROVIDER", "OWNER", "ACCOUNT", "STATUS", "EXPIRES IN", "USER", "REFRESH BY");
      for (Connection c : all) {
        table.row(
            Text.shortId(c.id()),
            c.providerId(),
            c.owner(),
            c.accountName() != null ? c.accountName() : c.accountId(),
            c.tokensReadable() ? c.status().name() : "UNREADABLE",
            c.tokensReadable() ? Text.expiresIn(now, c.tokens().accessExpiresAt()) : "-",
            user(c),
            c.refreshDeadline() == null ? "-" : Text.expiresIn(now, c.refreshDeadline()));
      }
      table.print(context.out());
    }
    context.out().flush();
    return ExitCodes.OK;
  }

  private List<Connection> load(ConnectionStore store) {
    if (owner != null) {
      return store.findByOwner(owner);
    }
    List<Connection> all = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      List<Connection> page = store.list(offset, PAGE);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
    }
  }

  /** The user's email, else name, on one line; {@code -} when the provider named neither. */
  private static String user(Connection c) {
    String who = c.email() != null ? c.email() : c.displayName();
    return who == null ? "-" : Text.oneLine(who);
  }

  static ObjectNode toJson(Connection c, Instant now) {
    ObjectNode o = Json.object();
    o.put("id", c.id());
    o.put("provider", c.providerId());
    o.put("owner", c.owner());
    o.put("subject", c.subject());
    o.put("email", c.email());
    o.put("name", c.displayName());
    o.put("accountId", c.accountId());
    o.put("accountName", c.accountName());
    o.put("baseUri", c.baseUri());
    o.put("status", c.tokensReadable() ? c.status().name() : "UNREADABLE");
    o.put("statusReason", c.statusReason());
    ArrayNode scopes = o.putArray("scopes");
    c.scopes().stream().sorted().forEach(scopes::add);
    if (c.tokensReadable()) {
      o.put("accessTokenExpiresAt", c.tokens().accessExpiresAt().toString());
      o.put("expiresIn", Text.expiresIn(now, c.tokens().accessExpiresAt()));
      o.put("hasRefreshToken", c.tokens().refreshToken() != null);
      o.put("refreshDeadline", c.refreshDeadline() == null ? null : c.refreshDeadline().toString());
    }
    o.put("createdAt", String.valueOf(c.createdAt()));
    o.put("updatedAt", String.valueOf(c.updatedAt()));
    return o;
  }
}
