package io.signlink.server.http;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.ConfigurationException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Maps a failure to the stable API error (SECURITY.md §errors). Provider-supplied text never
 * reaches the client: each code gets SignLink's own message. Stateless.
 */
public final class ErrorMapping {
  /** When a provider gave no {@code Retry-After}, callers still get a hint (RFC 9110 §10.2.3). */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private ErrorMapping() {}

  /**
   * The API's error: a transient failure says "retry after the Retry-After delay", the header
   * carrying the delay.
   */
  public static ErrorBody map(Throwable failure) {
    return map(failure, delay -> "retry after the Retry-After delay");
  }

  /**
   * The same error for a page a person reads (the console's flash, the callback page): a transient
   * failure names the wait and the clock time it ends, e.g. "retry in 30 s, at 10:32:05 UTC".
   */
  public static ErrorBody mapForPeople(Throwable failure, Instant now) {
    return map(failure, delay -> RetryTime.phrase(delay, now));
  }

  private static ErrorBody map(Throwable failure, Function<Duration, String> retry) {
    if (failure instanceof HttpProblem p) {
      return new ErrorBody(p.status(), p.code(), p.getMessage(), null, p.retryAfter());
    }
    if (failure instanceof SignLinkException e) {
      return map(e, retry);
    }
    return ErrorBody.of(
        500, "internal_error", "SignLink hit an unexpected error; the server log has the details.");
  }

  private static ErrorBody map(SignLinkException e, Function<Duration, String> retry) {
    if (e instanceof ReauthRequiredException r) {
      return new ErrorBody(
          409,
          "reauthorization_required",
          "The provider no longer accepts this connection's grant: the user must connect again"
              + r.reconnectUrl().map(u -> " at " + u).orElse("")
              + ".",
          r.reconnectUrl().orElse(null),
          null);
    }
    if (e instanceof TransientException t) {
      return transientError(t, retry);
    }
    if (e instanceof ProviderRejectedException p) {
      return rejected(p);
    }
    if (e instanceof InvalidResponseException) {
      return ErrorBody.of(
          502,
          "provider_invalid_response",
          "The provider answered with something SignLink cannot use; try again later.");
    }
    if (e instanceof AuthorizationFlowException a) {
      return ErrorBody.of(400, a.code(), a.reason().advice());
    }
    if (e instanceof StoreException s) {
      return store(s);
    }
    if (e instanceof ConfigurationException) {
      return ErrorBody.of(
          500,
          "provider_misconfigured",
          "SignLink's configuration for this provider is not usable; an operator must fix it.");
    }
    return ErrorBody.of(500, e.code(), "SignLink could not complete the request.");
  }

  private static ErrorBody transientError(
      TransientException t, Function<Duration, String> retryPhrase) {
    Duration retry = t.retryAfter().orElse(DEFAULT_RETRY_AFTER);
    String when = retryPhrase.apply(retry);
    return switch (t.kind()) {
      case RATE_LIMITED ->
          new ErrorBody(
              429,
              "rate_limited",
              "The provider is rate limiting this account; " + when + ".",
              null,
              retry);
      case DATABASE_UNAVAILABLE ->
          new ErrorBody(
              503,
              "service_unavailable",
              "SignLink's database is unreachable; " + when + ".",
              null,
              retry);
      case BUSY ->
          new ErrorBody(
              503,
              "busy",
              "SignLink is busy (this connection is being refreshed, or too many sign-ins are in"
                  + " progress); "
                  + when
                  + ".",
              null,
              retry);
      default ->
          new ErrorBody(
              503,
              "provider_unavailable",
              "The provider is unavailable or slow; " + when + ".",
              null,
              retry);
    };
  }

  private static ErrorBody rejected(ProviderRejectedException p) {
    if (p.isClientProblem()) {
      return ErrorBody.of(
          502,
          "provider_misconfigured",
          "The provider refused SignLink's client credentials ("
              + p.oauthError()
              + "): an"
              + " operator must check the client id, the secret, and that the provider accepts"
              + " the client authentication method configured for it.");
    }
    if (p.isInvalidGrant()) {
      return ErrorBody.of(
          409,
          "reauthorization_required",
          "The provider no longer accepts this grant: the user" + " must connect again.");
    }
    return ErrorBody.of(
        502, "provider_rejected", "The provider refused the request (" + p.oauthError() + ").");
  }

  private static ErrorBody store(StoreException s) {
    return switch (s.kind()) {
      case NOT_FOUND -> ErrorBody.of(404, "not_found", "No such connection.");
      case CONFLICT -> ErrorBody.of(409, "conflict", "The connection changed meanwhile; retry.");
      case DECRYPTION_FAILED ->
          ErrorBody.of(
              500,
              "decryption_failed",
              "This connection's tokens cannot be decrypted with the"
                  + " configured keyset; check SIGNLINK_KEYSET_FILE or reconnect.");
      case UNUSABLE ->
          ErrorBody.of(
              503,
              "database_unusable",
              "SignLink's database is not usable as configured; an operator must fix it (see the"
                  + " server log).");
      default -> ErrorBody.of(500, s.code(), "SignLink's store failed; see the server log.");
    };
  }
}
