package io.signlink.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * The result of beginning a consent flow: where to send the browser (with a 303), and the pending
 * authorization to keep server-side until the callback. Immutable; {@code toString()} prints
 * neither the URL (it carries {@code state} and {@code nonce}, SECURITY.md §redaction) nor the
 * pending record's secrets.
 */
public record AuthorizationStart(URI authorizationUrl, PendingAuthorization pending) {

  public AuthorizationStart {
    Objects.requireNonNull(authorizationUrl, "authorizationUrl");
    Objects.requireNonNull(pending, "pending");
  }

  @Override
  public String toString() {
    return "AuthorizationStart[provider="
        + pending.providerId()
        + ", owner="
        + pending.owner()
        + ", expiresAt="
        + pending.expiresAt()
        + "]";
  }
}
