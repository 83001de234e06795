package io.signlink.oauth;

import java.util.Objects;

/**
 * A callback that passed every check of {@link AuthorizationCallbacks}: its code may now be
 * exchanged, once, with the pending authorization's verifier and redirect URI. Immutable; {@code
 * toString()} prints no secret (the code and the pending record's values are {@link Secret}s).
 */
public record AuthorizedCallback(Secret code, PendingAuthorization pending) {
  public AuthorizedCallback {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(pending, "pending");
  }
}
