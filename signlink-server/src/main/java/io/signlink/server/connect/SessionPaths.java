package io.signlink.server.connect;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a pending authorization remembers its connect session: as its local return path {@code
 * /connect/sessions/{id}}, kept server-side with the state (SECURITY.md §pending-authorizations)
 * and resolved at the callback. Stateless.
 */
final class SessionPaths {
  private static final String PREFIX = "/connect/sessions/";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private SessionPaths() {}

  static String of(String sessionId) {
    return PREFIX + sessionId;
  }

  static Optional<String> sessionId(String returnTo) {
    if (returnTo == null || !returnTo.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String id = returnTo.substring(PREFIX.length());
    return ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }
}
