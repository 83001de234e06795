package io.signlink.error;

/**
 * The provider answered, but with something SignLink cannot trust or use: malformed or oversized
 * JSON, a missing or wrongly typed member, an unknown token type, an invalid ID token or a userinfo
 * {@code sub} that does not match. The raw body is never part of the message (SECURITY.md
 * §token-response).
 */
public final class InvalidResponseException extends SignLinkException {
  /** What was wrong with the response. */
  public enum Kind {
    MALFORMED("invalid_response"),
    OVERSIZED("response_too_large"),
    UNEXPECTED_STATUS("unexpected_response"),
    INVALID_ID_TOKEN("invalid_id_token"),
    INVALID_METADATA("invalid_provider_metadata"),
    SUBJECT_MISMATCH("subject_mismatch");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final String check;

  public InvalidResponseException(Kind kind, String message, Throwable cause) {
    this(kind, null, message, cause);
  }

  /**
   * @param check the stable name of the failed check (e.g. {@code signature}, {@code sub_changed},
   *     {@code token_type}), shown on callback pages and in logs; {@code null} when none applies
   */
  public InvalidResponseException(Kind kind, String check, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.check = check;
  }

  public InvalidResponseException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The stable name of the failed check, e.g. {@code signature} or {@code sub_changed} for an ID
   * token (docs/REFRESH-ANSWERS.md lists them), or {@code null}. Never contains provider data.
   */
  public String check() {
    return check;
  }

  @Override
  public String code() {
    return kind.code();
  }
}
