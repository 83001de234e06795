package io.signlink.provider.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one provider API call. Immutable.
 *
 * @param timeout the whole request's budget, from sending to the last body byte (SECURITY.md
 *     §provider-faults)
 * @param maxResponseBytes bodies beyond this are refused without being buffered (SECURITY.md
 *     §token-response)
 * @param clock judges {@code Retry-After} dates (RFC 9110 §10.2.3)
 */
public record ApiCallSettings(Duration timeout, long maxResponseBytes, Clock clock) {

  /** 30 s per call: DocuSign and BoldSign list calls answer in well under that. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** 10 MiB: a page of envelopes or documents is a few hundred KiB at most. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

  public ApiCallSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(clock, "clock");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }

  /** 30 s, 10 MiB, the system clock. */
  public static ApiCallSettings defaults() {
    return new ApiCallSettings(DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, Clock.systemUTC());
  }

  public ApiCallSettings withTimeout(Duration newTimeout) {
    return new ApiCallSettings(newTimeout, maxResponseBytes, clock);
  }

  public ApiCallSettings withClock(Clock newClock) {
    return new ApiCallSettings(timeout, maxResponseBytes, newClock);
  }
}
