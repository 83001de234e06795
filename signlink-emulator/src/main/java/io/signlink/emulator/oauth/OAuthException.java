package io.signlink.emulator.oauth;

/**
 * An OAuth error response (RFC 6749 §4.1.2.1, §5.2): an {@code error} code, a human description and
 * the HTTP status to answer with. Descriptions never carry a code, token or secret.
 *
 * <p>Thread-safe: immutable.
 */
public final class OAuthException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String error;
  private final int status;

  public OAuthException(String error, String description) {
    this(error, description, "invalid_client".equals(error) ? 401 : 400);
  }

  public OAuthException(String error, String description, int status) {
    super(description, null, false, false);
    this.error = error;
    this.status = status;
  }

  public static OAuthException invalidRequest(String description) {
    return new OAuthException("invalid_request", description);
  }

  public static OAuthException invalidGrant(String description) {
    return new OAuthException("invalid_grant", description);
  }

  public static OAuthException invalidClient(String description) {
    return new OAuthException("invalid_client", description, 401);
  }

  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }

  public int status() {
    return status;
  }
}
