package io.signlink.server.api;

import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.server.http.HttpProblem;
import java.time.Clock;
import java.util.Objects;

/**
 * Chooses which of a connection's provider accounts its API calls go to (a DocuSign user may belong
 * to several, each with its own {@code base_uri}). The choice is stored on the connection, so the
 * proxy, the API clients, the CLI and every instance use it; a reconnect keeps it (see {@code
 * ConnectFlow}). The one home of this rule for the API and the console. Thread-safe.
 */
public final class AccountSelection {
  private final ConnectionStore connections;
  private final TokenManager tokens;
  private final Clock clock;

  public AccountSelection(ConnectionStore connections, TokenManager tokens, Clock clock) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes {@code accountId} the account of {@code c}.
   *
   * @return the connection as stored
   * @throws HttpProblem 400 when the connection has no such account, 409 when the connection
   *     changed meanwhile
   */
  public Connection select(Connection c, String accountId) {
    Account account =
        c.accounts().stream()
            .filter(a -> a.accountId().equals(accountId))
            .findFirst()
            .orElseThrow(
                () ->
                    HttpProblem.badRequest(
                        "This connection has no account "
                            + accountId
                            + "; see GET /api/connections/"
                            + c.id()
                            + "/accounts."));
    if (account.accountId().equals(c.accountId())) {
      return c;
    }
    Connection changed =
        connections
            .compareAndSet(c.withSelectedAccount(account, clock.instant()))
            .orElseThrow(
                () ->
                    new HttpProblem(
                        409, "conflict", "The connection changed meanwhile; reload and retry."));
    // The cached token carries the old account's base URI; other instances hear of the write.
    tokens.invalidate(c.id());
    return changed;
  }
}
