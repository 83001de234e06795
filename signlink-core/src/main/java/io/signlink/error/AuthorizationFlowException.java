package io.signlink.error;

/**
 * A consent-flow callback that SignLink refused before talking to the token endpoint: the
 * transaction is unknown, expired or already used, it belongs to another browser or provider, or
 * the issuer does not match, or a redirect parameter names a host the provider's definition does
 * not allow (SECURITY.md §state, §pending-authorizations, §issuer-check, §authorization-errors,
 * §callback-hosts).
 */
public final class AuthorizationFlowException extends SignLinkException {
  /** Why the callback was refused. */
  public enum Reason {
    MISSING_STATE("missing_state", "The callback carried no state. Start the connection again."),
    UNKNOWN_STATE(
        "invalid_state",
        "This sign-in link is unknown or was already used. Start the connection again."),
    EXPIRED_STATE("expired_state", "This sign-in took too long and expired. Start it again."),
    BROWSER_MISMATCH(
        "browser_mismatch",
        "This sign-in was started in another browser. Start it again in this one."),
    PROVIDER_MISMATCH(
        "provider_mismatch",
        "The answer came back for a different provider than the one the sign-in began with."),
    ISSUER_MISMATCH(
        "issuer_mismatch", "The answer did not come from the expected authorization server."),
    MISSING_CODE("missing_code", "The provider's answer carried no authorization code."),
    UNTRUSTED_CALLBACK_VALUE(
        "untrusted_callback_value",
        "The provider's answer named a server SignLink does not trust for this provider, so the"
            + " sign-in was stopped before anything was sent there. Start it again; if this"
            + " repeats, tell the administrator."),
    DENIED("access_denied", "Access was not granted at the provider."),
    PROVIDER_ERROR("provider_error", "The provider reported an error during sign-in.");

    private final String code;
    private final String advice;

    Reason(String code, String advice) {
      this.code = code;
      this.advice = advice;
    }

    public String code() {
      return code;
    }

    public String advice() {
      return advice;
    }
  }

  private final Reason reason;
  private final String providerError;
  private final String providerDescription;

  public AuthorizationFlowException(Reason reason, String detail, String providerError) {
    this(reason, detail, providerError, null);
  }

  /**
   * @param providerDescription the provider's {@code error_description}, kept (one line, capped) so
   *     pages and logs can show the provider's reason, escaped (SECURITY.md §callback-page)
   */
  public AuthorizationFlowException(
      Reason reason, String detail, String providerError, String providerDescription) {
    super(
        detail == null ? reason.advice() : reason.advice() + " (" + Sanitize.oneLine(detail) + ")",
        null);
    this.reason = reason;
    this.providerError = providerError;
    this.providerDescription = Sanitize.oneLine(providerDescription);
  }

  /**
   * The provider's {@code error_description} for {@link Reason#DENIED} / {@link
   * Reason#PROVIDER_ERROR}, one line and capped, or {@code null}. Provider text: escape it.
   */
  public String providerDescription() {
    return providerDescription;
  }

  public AuthorizationFlowException(Reason reason) {
    this(reason, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /**
   * The provider's {@code error} code for {@link Reason#DENIED} / {@link Reason#PROVIDER_ERROR}.
   */
  public String providerError() {
    return providerError;
  }

  @Override
  public String code() {
    return reason.code();
  }
}
