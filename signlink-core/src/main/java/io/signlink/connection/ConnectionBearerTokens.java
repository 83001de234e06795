package io.signlink.connection;

import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import java.util.Objects;

/**
 * The bearer-token source of a provider API client bound to one stored connection: the current
 * token from {@link TokenManager#accessToken(String)}, and after a 401 a token obtained after the
 * refused one ({@link TokenManager#refreshAfterRejection}, SECURITY.md §retry-on-401). Immutable
 * and thread-safe; the token manager does the synchronisation.
 */
public final class ConnectionBearerTokens implements BearerTokens {
  private final TokenManager tokens;
  private final String connectionId;

  public ConnectionBearerTokens(TokenManager tokens, String connectionId) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
  }

  @Override
  public Secret current() {
    return tokens.accessToken(connectionId).token();
  }

  @Override
  public Secret refreshed(Secret rejected) {
    return tokens.refreshAfterRejection(connectionId, rejected).token();
  }

  @Override
  public String toString() {
    return "ConnectionBearerTokens[" + connectionId + "]";
  }
}
