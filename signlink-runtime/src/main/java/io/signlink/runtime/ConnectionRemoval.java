package io.signlink.runtime;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionEventListener;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disconnects a connection (SECURITY.md §revocation, RFC 7009 §2): revoke its refresh token at the
 * provider when the provider has a revocation endpoint, then delete the local row even if
 * revocation failed — a user who asked to disconnect must end up disconnected. Thread-safe.
 */
public final class ConnectionRemoval {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRemoval.class);

  /**
   * Revokes a connection's grant at its provider; returns false when the provider has no endpoint.
   */
  @FunctionalInterface
  public interface Revoker {
    boolean revoke(Connection connection);
  }

  /** What happened. {@code revokedAtProvider} is false when skipped or failed. */
  public record Outcome(boolean deleted, boolean revokedAtProvider, String revocationProblem) {}

  private final ConnectionStore store;
  private final TokenManager tokens;
  private final Revoker revoker;
  private final ConnectionEventListener events;
  private final Clock clock;

  public ConnectionRemoval(
      ConnectionStore store,
      TokenManager tokens,
      Revoker revoker,
      ConnectionEventListener events,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.revoker = Objects.requireNonNull(revoker, "revoker");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Outcome remove(Connection c) {
    boolean revoked = false;
    String problem = null;
    if (c.tokensReadable()) {
      try {
        revoked = revoker.revoke(c);
        if (!revoked) {
          problem = "the provider has no revocation endpoint";
        }
      } catch (RuntimeException e) {
        // Logged without the exception text: it could quote the provider's answer (SECURITY.md
        // §redaction).
        problem = "revocation at the provider failed (" + codeOf(e) + ")";
        LOG.warn(
            "revoking connection {} at {} failed: {}; deleting it locally anyway",
            c.id(),
            c.providerId(),
            codeOf(e));
      }
    } else {
      problem = "the tokens could not be decrypted, so nothing could be revoked";
    }
    boolean deleted = delete(c, revoked);
    return new Outcome(deleted, revoked, problem);
  }

  /**
   * Deletes the local row of {@code c}, whose grant was or was not revoked at the provider just
   * before (by {@link #remove}, or by a caller that revokes itself to say more about how it went),
   * with its {@code connection.revoked} and {@code connection.deleted} events recorded in the same
   * transaction (SECURITY.md §durable-webhooks); false when the row was already gone.
   */
  public boolean delete(Connection c, boolean revokedAtProvider) {
    // The row goes with its events (event log, webhook outbox) written in the same transaction.
    boolean deleted =
        events.afterWrite(
            store,
            () -> store.delete(c.id()),
            gone -> {
              List<ConnectionEvent> caused = new ArrayList<>(2);
              if (revokedAtProvider) {
                caused.add(
                    ConnectionEvent.of(
                        ConnectionEvent.Type.REVOKED,
                        c,
                        clock.instant(),
                        "revoked at the provider"));
              }
              if (gone) {
                caused.add(
                    ConnectionEvent.of(
                        ConnectionEvent.Type.DELETED,
                        c,
                        clock.instant(),
                        revokedAtProvider ? "revoked and deleted" : "deleted locally"));
              }
              return caused;
            });
    tokens.invalidate(c.id());
    return deleted;
  }

  private static String codeOf(RuntimeException e) {
    return e instanceof io.signlink.error.SignLinkException s
        ? s.code()
        : e.getClass().getSimpleName();
  }
}
