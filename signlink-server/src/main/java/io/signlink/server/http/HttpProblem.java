package io.signlink.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A request SignLink refuses on its own account (not the provider's): bad input, missing API key,
 * unknown connection. Carries the HTTP status and the stable error code of the JSON body. The
 * message is shown to the client, so it must say what to do and hold no secret. A refusal that
 * passes with time (SignLink is busy) carries the wait as {@code Retry-After}.
 */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public HttpProblem(int status, String code, String message) {
    this(status, code, message, null);
  }

  /**
   * @param retryAfter when to try again ({@code Retry-After}), or {@code null} for a refusal that
   *     time does not mend
   */
  public HttpProblem(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.retryAfter = retryAfter;
  }

  /** When to try again, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static HttpProblem notFound(String what) {
    return new HttpProblem(404, "not_found", what);
  }

  public static HttpProblem badRequest(String what) {
    return new HttpProblem(400, "invalid_request", what);
  }

  public static HttpProblem unauthorized(String what) {
    return new HttpProblem(401, "unauthorized", what);
  }
}
