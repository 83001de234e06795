package io.signlink.oauth;

/**
 * What {@link TokenClient#revoke} achieved. RFC 7009 §2.2: the server answers 200 whether or not
 * the token was still valid, so {@link #REVOKED} means "no longer usable at the provider".
 */
public enum RevocationResult {
  /** The provider accepted the revocation request. */
  REVOKED,
  /**
   * The provider has no revocation endpoint; nothing was sent. Forget the tokens locally and tell
   * the user to remove the app's access in the provider's own settings.
   */
  NOT_SUPPORTED
}
