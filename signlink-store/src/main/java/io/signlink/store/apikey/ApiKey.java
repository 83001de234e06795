package io.signlink.store.apikey;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as stored: never the key itself, only its display prefix (e.g. {@code sk_AbC123xy}) so
 * an operator can tell keys apart. Immutable.
 *
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 */
public record ApiKey(String id, String name, String prefix, Instant createdAt, Instant revokedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
