package io.signlink.error;

import java.util.Optional;

/**
 * The provider refused the request with an OAuth error response (RFC 6749 §5.2, §4.1.2.1).
 *
 * <p>{@link #oauthError()} is the provider's {@code error} code; {@link #description()} its {@code
 * error_description}, stripped of control characters. For DocuSign's JWT grant, {@code
 * consent_required} carries the consent URL the user must visit.
 */
public final class ProviderRejectedException extends SignLinkException {
  private final String providerId;
  private final String oauthError;
  private final String description;
  private final int httpStatus;
  private final String consentUrl;

  public ProviderRejectedException(
      String providerId,
      String oauthError,
      String description,
      int httpStatus,
      String consentUrl,
      String whatToDo) {
    super(message(providerId, oauthError, description, whatToDo), null);
    this.providerId = providerId;
    this.oauthError = oauthError;
    this.description = Sanitize.oneLine(description);
    this.httpStatus = httpStatus;
    this.consentUrl = consentUrl;
  }

  private static String message(String provider, String error, String description, String todo) {
    StringBuilder sb = new StringBuilder();
    sb.append(provider).append(" refused the request (").append(error).append(')');
    String d = Sanitize.oneLine(description);
    if (d != null && !d.isEmpty()) {
      sb.append(": ").append(d);
    }
    if (todo != null && !todo.isEmpty()) {
      sb.append(". ").append(todo);
    }
    return sb.toString();
  }

  public String providerId() {
    return providerId;
  }

  public String oauthError() {
    return oauthError;
  }

  public String description() {
    return description;
  }

  /** HTTP status of the provider's answer, or 0 when it came through a browser redirect. */
  public int httpStatus() {
    return httpStatus;
  }

  public Optional<String> consentUrl() {
    return Optional.ofNullable(consentUrl);
  }

  public boolean isInvalidGrant() {
    return "invalid_grant".equals(oauthError);
  }

  /**
   * {@code invalid_client} / {@code unauthorized_client}: the client's own setup is wrong
   * (SECURITY.md §cooldown).
   */
  public boolean isClientProblem() {
    return "invalid_client".equals(oauthError) || "unauthorized_client".equals(oauthError);
  }

  @Override
  public String code() {
    return oauthError;
  }
}
