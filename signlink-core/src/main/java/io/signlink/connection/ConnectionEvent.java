package io.signlink.connection;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a connection, for listeners (webhooks, metrics) and the event log.
 * {@code detail} is short, provider-free-text-sanitised, and never holds a token. {@code
 * applicationId} names the application the connection belongs to: webhooks deliver the event to
 * that application only.
 */
public record ConnectionEvent(
    Type type,
    String connectionId,
    String providerId,
    String owner,
    Instant at,
    String detail,
    String applicationId) {

  /** Event types; {@link #wireName()} is used in webhooks and the event log. */
  public enum Type {
    CREATED("connection.created"),
    UPDATED("connection.updated"),
    REFRESHED("connection.refreshed"),
    REFRESH_FAILED("connection.refresh_failed"),
    REAUTH_REQUIRED("connection.reauth_required"),
    /** A connection that needed consent again works again: its user reconnected it. */
    RECOVERED("connection.recovered"),
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
    applicationId = applicationId == null ? Connection.DEFAULT_APPLICATION : applicationId;
  }

  /** An event of a connection of the {@link Connection#DEFAULT_APPLICATION default application}. */
  public ConnectionEvent(
      Type type, String connectionId, String providerId, String owner, Instant at, String detail) {
    this(type, connectionId, providerId, owner, at, detail, Connection.DEFAULT_APPLICATION);
  }

  /** An event about {@code c}, stamped with its application. */
  public static ConnectionEvent of(Type type, Connection c, Instant at, String detail) {
    return new ConnectionEvent(
        type, c.id(), c.providerId(), c.owner(), at, detail, c.applicationId());
  }
}
