package io.signlink.oauth;

import io.signlink.error.SignLinkException;
import java.time.Instant;
import java.util.Objects;

/**
 * A refresh answer that failed a check after the provider had answered 200 — possibly with a new
 * refresh token, which the provider has already swapped for the one SignLink sent. It carries that
 * refresh token so the token manager can store it before anything else (SECURITY.md §rotation,
 * docs/REFRESH-ANSWERS.md), the failed {@link RefreshAnswerCheck}, and the error to report.
 *
 * <p>Thrown only by {@link TokenClient#refreshAnswer} and {@code OAuthTokenRefresher}; never
 * reaches an API caller. Its message is the reason's, which quotes no token (SECURITY.md
 * §redaction). Immutable.
 */
public final class RejectedRefreshAnswer extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Secret rotatedRefreshToken;
  private final Instant refreshExpiresAt;
  private final transient SignLinkException reason;
  private final RefreshAnswerCheck check;

  /**
   * @param reason what to report to the caller once the rotation is stored
   * @param rotatedRefreshToken the answer's refresh token, or {@code null} when it carried none
   * @param refreshExpiresAt its {@code refresh_expires_in} as an instant, or {@code null}
   */
  public RejectedRefreshAnswer(
      SignLinkException reason,
      RefreshAnswerCheck check,
      Secret rotatedRefreshToken,
      Instant refreshExpiresAt) {
    super(reason.getMessage(), reason, false, false);
    this.reason = reason;
    this.check = Objects.requireNonNull(check, "check");
    this.rotatedRefreshToken = rotatedRefreshToken;
    this.refreshExpiresAt = rotatedRefreshToken == null ? null : refreshExpiresAt;
  }

  /** The error to report once the rotation is stored. */
  public SignLinkException reason() {
    return reason;
  }

  public RefreshAnswerCheck check() {
    return check;
  }

  /** The new refresh token to store, or {@code null} when the answer carried none. */
  public Secret rotatedRefreshToken() {
    return rotatedRefreshToken;
  }

  public Instant refreshExpiresAt() {
    return refreshExpiresAt;
  }

  /**
   * The connection's status reason: {@code id_token_rejected: <check>} for the ID token, {@code
   * refresh_answer_rejected: <check>} for the rest of the answer.
   */
  public String statusReason() {
    boolean idToken =
        reason instanceof io.signlink.error.InvalidResponseException e
            && e.kind() == io.signlink.error.InvalidResponseException.Kind.INVALID_ID_TOKEN;
    boolean jwks = check == RefreshAnswerCheck.JWKS_UNAVAILABLE;
    return (idToken || jwks ? "id_token_rejected: " : "refresh_answer_rejected: ") + check.code();
  }
}
