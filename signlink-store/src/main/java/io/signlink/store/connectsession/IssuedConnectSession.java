package io.signlink.store.connectsession;

import io.signlink.oauth.Secret;
import java.util.Objects;

/**
 * A freshly created connect session and its token, which exists only here: it goes into the connect
 * URL handed to the application and cannot be recovered later. Immutable; {@code toString()} is
 * redacted because the token is a {@link Secret}.
 */
public record IssuedConnectSession(ConnectSession session, Secret token) {
  public IssuedConnectSession {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(token, "token");
  }
}
