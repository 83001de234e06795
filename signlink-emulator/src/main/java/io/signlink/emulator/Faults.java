package io.signlink.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Fault injection for tests of SignLink's retry and rotation handling (SECURITY.md
 * §provider-faults, §lost-refresh). Faults apply to the token endpoints of both providers (or to
 * their APIs) and are consumed in arrival order.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor.
 */
public final class Faults {

  /**
   * An injected token-endpoint failure: the HTTP status, an optional {@code Retry-After}, and
   * optionally the OAuth {@code error} and {@code error_description} to answer with ({@code null}
   * for the emulator's defaults).
   */
  public record TokenFailure(int status, Duration retryAfter, String error, String description) {
    public TokenFailure {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
      }
    }

    public TokenFailure(int status, Duration retryAfter) {
      this(status, retryAfter, null, null);
    }
  }

  /**
   * A way to spoil a refresh answer that is otherwise processed normally (the refresh token really
   * rotates): each breaks one check SignLink makes on it (docs/REFRESH-ANSWERS.md).
   */
  public enum RefreshAnswerFault {
    /** The ID token's signature does not verify (signed by a key with the current kid). */
    BAD_SIGNATURE,
    /** The ID token is signed by a key the JWKS never publishes. */
    UNKNOWN_KID,
    /** {@code iss} is another issuer. */
    WRONG_ISSUER,
    /** {@code aud} is another client. */
    WRONG_AUDIENCE,
    /** {@code sub} is another user. */
    SUBJECT_CHANGED,
    /** {@code azp} names another client. */
    AZP_CHANGED,
    /** The ID token expired ten minutes ago. */
    EXPIRED,
    /** The ID token carries a {@code nonce} the original did not. */
    NONCE_ADDED,
    /** {@code auth_time} is a string. */
    MALFORMED_AUTH_TIME,
    /** {@code id_token} is not a JWT. */
    NOT_A_JWT,
    /** The answer's {@code scope} names a scope the grant does not have. */
    UNEXPECTED_SCOPE
  }

  private int tokenFailures;
  private int refreshAnswerFaults;
  private RefreshAnswerFault refreshAnswerFault;
  private TokenFailure tokenFailure;
  private int lostTokenResponses;
  private Duration tokenDelay = Duration.ZERO;
  private Duration apiDelay = Duration.ZERO;
  private int apiFailures;
  private int apiFailureStatus;
  private long truncateDownloadAfter = -1;
  private boolean refuseNextUploadAfterBody;

  /** The next {@code n} token requests are answered with {@code status} and not processed. */
  public synchronized void failNextTokenRequests(int n, int status) {
    failNextTokenRequests(n, status, null);
  }

  /** As {@link #failNextTokenRequests(int, int)}, adding {@code Retry-After} (seconds) if given. */
  public synchronized void failNextTokenRequests(int n, int status, Duration retryAfter) {
    this.tokenFailure = new TokenFailure(status, retryAfter);
    this.tokenFailures = nonNegative(n);
  }

  /**
   * The next {@code n} token requests are refused with {@code status} and this OAuth error, as a
   * provider refusing a grant does (e.g. Keycloak's {@code not_allowed} for offline tokens).
   */
  public synchronized void refuseNextTokenRequests(
      int n, int status, String error, String description) {
    this.tokenFailure =
        new TokenFailure(status, null, Objects.requireNonNull(error, "error"), description);
    this.tokenFailures = nonNegative(n);
  }

  /**
   * The next {@code n} token requests are fully processed (a refresh token really rotates) but the
   * connection is then aborted without a response: the "ambiguous outcome" of SECURITY.md
   * §lost-refresh.
   */
  public synchronized void loseNextTokenResponses(int n) {
    this.lostTokenResponses = nonNegative(n);
  }

  /** Every token request waits this long before it is handled; {@link Duration#ZERO} stops it. */
  public synchronized void delayTokenRequests(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    this.tokenDelay = delay.isNegative() ? Duration.ZERO : delay;
  }

  /**
   * Every provider API call (documents, accounts, envelopes; the same calls {@link
   * #failNextApiRequests} fails) waits this long before it is handled, as a slow or stalled
   * provider would; {@link Duration#ZERO} stops it.
   */
  public synchronized void delayApiRequests(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    this.apiDelay = delay.isNegative() ? Duration.ZERO : delay;
  }

  /**
   * Waits out the API delay set by {@link #delayApiRequests}, if any. Called by the API endpoints
   * before anything else; an interrupted wait ends early with the thread's interrupt flag kept.
   */
  public void holdApiRequest() {
    Duration delay;
    synchronized (this) {
      delay = apiDelay;
    }
    hold(delay);
  }

  /**
   * Waits out the token delay set by {@link #delayTokenRequests}, if any: a real delay on the
   * server side, for client timeout tests. Called by the token endpoints before anything else.
   */
  public void holdTokenRequest() {
    Duration delay;
    synchronized (this) {
      delay = tokenDelay;
    }
    hold(delay);
  }

  /** Sleeps {@code delay} outside the lock; an interrupt ends it early and stays set. */
  private static void hold(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The next {@code n} provider API calls (documents, accounts, envelopes, userinfo excluded) are
   * answered with {@code status} in the provider's error format, whatever the token.
   */
  public synchronized void failNextApiRequests(int n, int status) {
    this.apiFailures = nonNegative(n);
    this.apiFailureStatus = status;
  }

  /** The next {@code n} refresh answers are spoiled with {@code fault}. */
  public synchronized void spoilNextRefreshAnswers(int n, RefreshAnswerFault fault) {
    this.refreshAnswerFault = Objects.requireNonNull(fault, "fault");
    this.refreshAnswerFaults = nonNegative(n);
  }

  /** Consumes one pending refresh-answer fault, if any. Called by the refresh grant. */
  public synchronized Optional<RefreshAnswerFault> takeRefreshAnswerFault() {
    if (refreshAnswerFaults == 0) {
      return Optional.empty();
    }
    refreshAnswerFaults--;
    return Optional.of(refreshAnswerFault);
  }

  /** Removes every pending fault. */
  /**
   * The next document download sends its headers (with the full {@code Content-Length}) and only
   * {@code bytes} of the body, then drops the connection, as a provider failing mid-transfer does.
   */
  public synchronized void truncateNextDownload(long bytes) {
    this.truncateDownloadAfter = Math.max(0, bytes);
  }

  /**
   * The next document upload is read to its end and then refused with 401 {@code invalid_token}, as
   * a provider behind a request-buffering front end does: the body is gone by the time the token is
   * judged.
   */
  public synchronized void refuseNextUploadAfterBody() {
    this.refuseNextUploadAfterBody = true;
  }

  /** Whether to refuse this upload after its body; taking it clears it. */
  public synchronized boolean takeUploadRefusal() {
    boolean r = refuseNextUploadAfterBody;
    refuseNextUploadAfterBody = false;
    return r;
  }

  /** The byte count to stop the next download at, or -1; taking it clears it. */
  public synchronized long takeDownloadTruncation() {
    long n = truncateDownloadAfter;
    truncateDownloadAfter = -1;
    refuseNextUploadAfterBody = false;
    return n;
  }

  public synchronized void clear() {
    truncateDownloadAfter = -1;
    refreshAnswerFaults = 0;
    tokenFailures = 0;
    lostTokenResponses = 0;
    tokenDelay = Duration.ZERO;
    apiDelay = Duration.ZERO;
    apiFailures = 0;
  }

  /** Consumes one pending token failure, if any. Called by the token endpoints. */
  public synchronized Optional<TokenFailure> takeTokenFailure() {
    if (tokenFailures == 0) {
      return Optional.empty();
    }
    tokenFailures--;
    return Optional.of(tokenFailure);
  }

  /** Consumes one pending lost response, if any. Called by the token endpoints. */
  public synchronized boolean takeLostTokenResponse() {
    if (lostTokenResponses == 0) {
      return false;
    }
    lostTokenResponses--;
    return true;
  }

  /** Consumes one pending API failure status, if any. Called by the API endpoints. */
  public synchronized OptionalInt takeApiFailure() {
    if (apiFailures == 0) {
      return OptionalInt.empty();
    }
    apiFailures--;
    return OptionalInt.of(apiFailureStatus);
  }

  private static int nonNegative(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + n);
    }
    return n;
  }
}
