package io.signlink.provider.api;

import io.signlink.connection.AuthorizedCall;
import io.signlink.connection.TokenManager;
import io.signlink.oauth.Secret;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The bearer tokens of one stored connection, kept fresh by the {@link TokenManager} (proactive
 * refresh, single flight, database lease, rotation). A refused call is retried through the
 * lifecycle's own {@link AuthorizedCall}, so the "refresh once on 401" rule for connections lives in
 * one place (checklist #58); a second refusal surfaces as its {@code invalid_token} rejection, and a
 * dead grant as {@link io.signlink.error.ReauthRequiredException}.
 *
 * <p>Immutable and thread-safe (the manager is).
 */
public final class ConnectionBearerTokens implements BearerTokens {
  private final TokenManager manager;
  private final AuthorizedCall authorizedCall;
  private final String connectionId;

  /**
   * @param authorizedCall built over the same {@code manager}
   */
  public ConnectionBearerTokens(
      TokenManager manager, AuthorizedCall authorizedCall, String connectionId) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.authorizedCall = Objects.requireNonNull(authorizedCall, "authorizedCall");
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
  }

  public String connectionId() {
    return connectionId;
  }

  @Override
  public Secret current() {
    return manager.accessToken(connectionId).token();
  }

  @Override
  public Secret refreshed(Secret rejected) {
    return manager.refreshAfterRejection(connectionId, rejected).token();
  }

  @Override
  public <R> R call(Function<Secret, R> attempt, Predicate<R> refused) {
    return authorizedCall.call(connectionId, token -> attempt.apply(token.token()), refused);
  }

  @Override
  public String toString() {
    return "ConnectionBearerTokens[" + connectionId + "]";
  }
}
