package io.signlink.emulator.oauth;

/**
 * One grant type at the token endpoint (RFC 6749 §4.1.3, §4.4.2, §6; RFC 7523 §2.1).
 *
 * <p>Implementations are thread-safe.
 */
public interface GrantHandler {

  /**
   * Checks the request and issues tokens.
   *
   * @throws OAuthException with the RFC 6749 §5.2 error to answer
   */
  IssuedTokens handle(TokenRequest request);
}
