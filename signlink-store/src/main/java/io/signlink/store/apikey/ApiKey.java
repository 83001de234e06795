package io.signlink.store.apikey;

import io.signlink.application.ApiScope;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as stored: never the key itself, only its display prefix (e.g. {@code sk_AbC123xy}) so
 * an operator can tell keys apart. Immutable.
 *
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 * @param applicationId the application the key acts for; it sees only that application's
 *     connections
 * @param scopes what the key may do
 * @param expiresAt when it stops working by itself, or {@code null} for never
 * @param lastUsedAt when it last authenticated a request (recorded at most once a minute), or
 *     {@code null}
 */
public record ApiKey(
    String id,
    String name,
    String prefix,
    Instant createdAt,
    Instant revokedAt,
    String applicationId,
    Set<ApiScope> scopes,
    Instant expiresAt,
    Instant lastUsedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(applicationId, "applicationId");
    scopes = scopes == null || scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
  }

  public boolean revoked() {
    return revokedAt != null;
  }

  /** True when it has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** True when neither revoked nor expired at {@code now}. */
  public boolean usableAt(Instant now) {
    return !revoked() && !expiredAt(now);
  }
}
