package io.signlink.provider;

/**
 * Where a provider wants the {@code scope} parameter (a provider definition's {@code
 * scopes.placement}).
 */
public enum ScopePlacement {
  /** On the authorization URL (RFC 6749 §3.3), the usual place. */
  AUTHORIZATION,
  /** On the code exchange instead (SignNow). */
  TOKEN,
  /** Nowhere: the provider fixes scopes in the app's settings (Dropbox Sign). */
  NONE
}
