package io.signlink.error;

import java.util.Optional;

/**
 * The connection's grant is dead (the provider said {@code invalid_grant} and a re-read showed no
 * newer token, or the connection is already marked {@code REAUTH_REQUIRED}). Only the user can fix
 * this, by consenting again at {@link #reconnectUrl()} (SECURITY.md §dead-grant).
 */
public final class ReauthRequiredException extends SignLinkException {
  private final String connectionId;
  private final String reason;
  private final String reconnectUrl;

  public ReauthRequiredException(String connectionId, String reason, String reconnectUrl) {
    super(
        "Connection "
            + connectionId
            + " needs the user to reconnect ("
            + Sanitize.oneLine(reason)
            + ")"
            + (reconnectUrl == null ? "" : ": send them to " + reconnectUrl),
        null);
    this.connectionId = connectionId;
    this.reason = reason;
    this.reconnectUrl = reconnectUrl;
  }

  public String connectionId() {
    return connectionId;
  }

  public String reason() {
    return reason;
  }

  public Optional<String> reconnectUrl() {
    return Optional.ofNullable(reconnectUrl);
  }

  @Override
  public String code() {
    return "reauthorization_required";
  }
}
