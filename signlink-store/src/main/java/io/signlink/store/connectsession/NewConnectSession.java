package io.signlink.store.connectsession;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a connect session is created from; the store adds the id, the token and the times. Values
 * are validated by the caller (the API), except the lifetime, which the store caps at {@link
 * ConnectSessionStore#MAX_TTL}. Immutable.
 *
 * @param ttl how long the session lives; {@code null} means {@link ConnectSessionStore#MAX_TTL}
 */
public record NewConnectSession(
    String applicationId,
    String owner,
    String email,
    String displayName,
    String tagsJson,
    List<String> allowedProviders,
    String returnUrl,
    String connectionId,
    boolean allowDifferentSubject,
    Duration ttl) {

  public NewConnectSession {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(owner, "owner");
    allowedProviders = List.copyOf(allowedProviders);
    if (allowedProviders.isEmpty()) {
      throw new IllegalArgumentException("a connect session needs at least one provider");
    }
  }
}
