package io.signlink.emulator.profile;

/**
 * When a code exchange returns a refresh token.
 *
 * <p>Thread-safe: an immutable enum.
 */
public enum RefreshTokenRule {
  /** Every code exchange (DocuSign, Acrobat Sign, Dropbox Sign, SignNow, PandaDoc). */
  ALWAYS,
  /** Only when {@code offline_access} was granted (BoldSign, OIDC Core §11). */
  OFFLINE_ACCESS_SCOPE,
  /**
   * Only with {@code access_type=offline} on the authorization request, and then only on the user's
   * first consent to the client unless {@code prompt=consent} asks again (Zoho).
   */
  ACCESS_TYPE_OFFLINE
}
