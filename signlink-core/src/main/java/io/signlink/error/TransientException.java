package io.signlink.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may go away by itself: the provider or the database is down, slow or rate
 * limiting. Retry later, after {@link #retryAfter()} when present (RFC 9110 §10.2.3).
 *
 * <p>{@link #outcomeUnknown()} is true when the request may have reached the provider before it
 * failed (timeout after sending, connection reset, lost response). For a refresh with a rotating
 * provider that means the old refresh token may already be spent (SECURITY.md §lost-refresh); for a
 * code exchange it means the code must not be sent again (SECURITY.md §token-requests).
 */
public final class TransientException extends SignLinkException {
  /** What went wrong, as a stable code. */
  public enum Kind {
    SERVER_ERROR("provider_unavailable"),
    RATE_LIMITED("rate_limited"),
    TIMEOUT("provider_timeout"),
    CONNECTION_FAILED("provider_unreachable"),
    DATABASE_UNAVAILABLE("database_unavailable"),
    BUSY("busy");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final boolean outcomeUnknown;

  public TransientException(
      Kind kind, String message, Duration retryAfter, boolean outcomeUnknown, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
    this.outcomeUnknown = outcomeUnknown;
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  @Override
  public String code() {
    return kind.code();
  }
}
