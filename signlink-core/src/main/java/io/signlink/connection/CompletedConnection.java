package io.signlink.connection;

import java.util.Objects;

/**
 * The outcome of a finished consent flow: the stored connection, whether it is new (or an existing
 * connection of the same account was updated), and the local path the flow was begun with, to
 * redirect the browser to (a 303 to a clean URL, SECURITY.md §callback-page). Immutable; prints no
 * token.
 *
 * @param returnTo the {@code returnTo} given to {@link ConnectFlow#begin}, or {@code null}
 */
public record CompletedConnection(Connection connection, boolean created, String returnTo) {
  public CompletedConnection {
    Objects.requireNonNull(connection, "connection");
  }
}
