package io.signlink.connection;

import io.signlink.oauth.TokenSet;

/**
 * The seam between the token lifecycle and the protocol: sends one refresh-token grant for a
 * connection (RFC 6749 §6) and returns what the provider answered. It does not retry, store or
 * decide anything; {@link TokenManager} does. Implementations are thread-safe.
 *
 * <p>Failures are {@link io.signlink.error.SignLinkException}s: {@link
 * io.signlink.error.ProviderRejectedException} for an OAuth error ({@code invalid_grant}, {@code
 * invalid_client} …), {@link io.signlink.error.TransientException} for 5xx, 429, timeouts and lost
 * responses (with {@code outcomeUnknown()} when the request may have reached the provider), {@link
 * io.signlink.error.InvalidResponseException} for an answer that cannot be trusted (e.g. an ID
 * token whose {@code iss}/{@code sub}/{@code aud} differs from the original, SECURITY.md
 * §refreshed-id-token).
 *
 * <p>A 200 answer that fails a check after the provider may have rotated the refresh token is
 * thrown as {@link io.signlink.oauth.RejectedRefreshAnswer}, carrying that refresh token and the
 * failed {@link io.signlink.oauth.RefreshAnswerCheck}; {@link TokenManager} stores the refresh
 * token before reporting the failure (SECURITY.md §rotation, docs/REFRESH-ANSWERS.md).
 */
@FunctionalInterface
public interface TokenRefresher {

  /**
   * Refreshes {@code connection}'s tokens with its stored refresh token.
   *
   * @return the tokens the provider sent, not yet merged with the stored ones (a response without a
   *     refresh token has {@code refreshToken() == null})
   */
  TokenSet refresh(Connection connection);
}
