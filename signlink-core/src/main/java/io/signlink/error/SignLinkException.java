package io.signlink.error;

/**
 * Every failure SignLink reports. The subclasses let a caller decide what to do without parsing
 * messages:
 *
 * <ul>
 *   <li>{@link ProviderRejectedException}: the provider answered with an OAuth error ({@code
 *       invalid_grant}, {@code invalid_client}, {@code consent_required} …). Retrying the same
 *       request will not help.
 *   <li>{@link TransientException}: 5xx, 429, timeout, connection reset, database unreachable.
 *       Retry later (honour {@link TransientException#retryAfter()}).
 *   <li>{@link InvalidResponseException}: the provider answered, but not with something SignLink
 *       can trust (malformed JSON, wrong types, oversized body, invalid ID token).
 *   <li>{@link AuthorizationFlowException}: a consent-flow callback was rejected (unknown, expired
 *       or reused state, issuer mismatch, denied by the user).
 *   <li>{@link ReauthRequiredException}: the connection's grant is dead; the user must consent
 *       again.
 *   <li>{@link StoreException}: the vault could not read or write (decryption failure, write
 *       conflict, database down).
 *   <li>{@link ConfigurationException}: a setting is missing or invalid.
 * </ul>
 *
 * <p>Messages say what happened and what to do, and never contain a token, code, verifier or secret
 * (SECURITY.md §redaction, §errors).
 */
public abstract sealed class SignLinkException extends RuntimeException
    permits ProviderRejectedException,
        TransientException,
        InvalidResponseException,
        AuthorizationFlowException,
        ReauthRequiredException,
        StoreException,
        ConfigurationException {

  protected SignLinkException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A stable, machine-readable code for API error bodies and metrics, e.g. {@code invalid_grant}.
   */
  public abstract String code();
}
