package io.signlink.emulator.profile;

/**
 * Named switches for provider behaviour that a profile's plain fields cannot express. A profile
 * lists the ones it needs under {@code "quirks"} by these names (lower case is accepted).
 *
 * <p>Thread-safe: an immutable enum.
 */
public enum Quirk {
  /**
   * Errors redirected back from the authorization endpoint carry upper-case codes ({@code
   * error=ACCESS_DENIED}), as Acrobat Sign sends them.
   */
  UPPER_CASE_REDIRECT_ERRORS,
  /**
   * OAuth errors at the token and revocation endpoints are answered with HTTP 200 and an {@code
   * error} member, as Zoho's accounts servers do; a client must look into every 200 body.
   */
  OAUTH_ERRORS_WITH_HTTP_200,
  /** {@code expires_in} is a JSON string ({@code "3600"}), as SignNow sends it. */
  EXPIRES_IN_AS_STRING,
  /**
   * The code exchange answers {@code expires_in} as the absolute time the access token expires, in
   * seconds since the epoch ({@code "1584793649"}), as SignNow documents it; refresh answers keep
   * the lifetime in seconds.
   */
  EXPIRES_IN_AS_EPOCH_ON_CODE_EXCHANGE,
  /**
   * The code exchange must repeat the {@code state} of the authorization request (Dropbox Sign's
   * {@code /oauth/token} requires it).
   */
  STATE_REQUIRED_IN_TOKEN_REQUEST,
  /**
   * Token and refresh parameters may come in the query string as well as the form body (Zoho's SDK
   * refreshes with a query string).
   */
  TOKEN_PARAMS_IN_QUERY,
  /**
   * DocuSign's one-time consent URL for the JWT grant: {@code scope=… impersonation} without a PKCE
   * challenge is accepted, and only a confidential client can redeem its code.
   */
  CONSENT_ONLY_WITHOUT_PKCE
}
