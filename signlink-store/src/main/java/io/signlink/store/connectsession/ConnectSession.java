package io.signlink.store.connectsession;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stored connect session; it holds no token (only the store ever sees the token's hash).
 * Immutable.
 *
 * @param applicationId the application that created it (plain text id)
 * @param owner the end user the connection will belong to
 * @param email the end user's e-mail address to show on the confirmation page, or {@code null}
 * @param displayName the end user's name to show, or {@code null}
 * @param tagsJson a JSON object of string tags, {@code {}} when none
 * @param allowedProviders provider ids the user may connect, never empty
 * @param returnUrl where the browser goes after consent, or {@code null} for SignLink's own page
 * @param connectionId for a reconnect session, the connection it re-consents; otherwise {@code
 *     null}
 * @param allowDifferentSubject whether a reconnect may file a different provider user
 * @param usedAt when a flow was started from it, or {@code null}
 */
public record ConnectSession(
    String id,
    String applicationId,
    String owner,
    String email,
    String displayName,
    String tagsJson,
    List<String> allowedProviders,
    String returnUrl,
    String connectionId,
    boolean allowDifferentSubject,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt) {

  public ConnectSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(owner, "owner");
    tagsJson = tagsJson == null ? "{}" : tagsJson;
    allowedProviders = List.copyOf(allowedProviders);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** True when a flow may still start from it at {@code now}: unused and unexpired. */
  public boolean usableAt(Instant now) {
    return usedAt == null && now.isBefore(expiresAt);
  }

  /** True for a session that re-consents one existing connection. */
  public boolean isReconnect() {
    return connectionId != null;
  }
}
