package io.signlink.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a connection, for listeners (webhooks, metrics) and the event log.
 * {@code detail} is short, provider-free-text-sanitised, and never holds a token.
 */
public record ConnectionEvent(
    Type type, String connectionId, String providerId, String owner, Instant at, String detail) {

  /** Event types; {@link #wireName()} is used in webhooks and the event log. */
  public enum Type {
    CREATED("connection.created"),
    UPDATED("connection.updated"),
    REFRESHED("connection.refreshed"),
    REFRESH_FAILED("connection.refresh_failed"),
    REAUTH_REQUIRED("connection.reauth_required"),
    /** A refresh token nears its provider's idle limit and keep-alive refreshes are failing. */
    REFRESH_TOKEN_EXPIRING("connection.refresh_token_expiring"),
    REVOKED("connection.revoked"),
    DELETED("connection.deleted");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public ConnectionEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(at, "at");
  }
}
