package io.signlink.connection;

import io.signlink.oauth.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token handed to application code by {@link TokenManager#accessToken(String)}: the
 * bearer value, when it expires, and where the connection's API calls go. Immutable and
 * thread-safe; {@code toString()} prints no token because the value is a {@link Secret}.
 *
 * @param issuedAt when SignLink received the token; {@code expiresAt - issuedAt} is the lifetime
 *     the provider granted, which freshness is proportional to (SECURITY.md §freshness)
 * @param baseUri the connection's selected account API root, or {@code null}
 * @param version the connection row version these tokens were read at
 */
public record AccessToken(
    String connectionId,
    String providerId,
    Secret token,
    String tokenType,
    Instant issuedAt,
    Instant expiresAt,
    String baseUri,
    long version) {

  public AccessToken {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(providerId, "providerId");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tokenType, "tokenType");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The token of a stored connection, which must have readable tokens. */
  static AccessToken of(Connection c) {
    return new AccessToken(
        c.id(),
        c.providerId(),
        c.tokens().accessToken(),
        c.tokens().tokenType(),
        c.tokens().receivedAt(),
        c.tokens().accessExpiresAt(),
        c.baseUri(),
        c.version());
  }

  /** True when the token stays valid for at least {@code margin} after {@code now}. */
  public boolean validFor(Instant now, Duration margin) {
    return expiresAt.isAfter(now.plus(margin));
  }
}
