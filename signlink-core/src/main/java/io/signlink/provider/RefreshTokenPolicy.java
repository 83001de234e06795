package io.signlink.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider documents about its refresh tokens beyond RFC 6749, used by the token lifecycle
 * to decide retries and keep-alives. Immutable.
 *
 * @param reuseGrace how long a rotated refresh token stays usable after rotation (some providers
 *     allow a short reuse window so a client whose answer was lost can retry, SECURITY.md
 *     §lost-refresh), or {@code null} when none is documented: then a rotated token is assumed dead
 *     at once
 * @param idleLimit how long a refresh token lives when unused (DocuSign: 30 days), or {@code null}
 *     when unknown; connections are refreshed before it to keep the grant alive
 * @param keepAliveLead how long before {@code idleLimit} an idle connection is refreshed, or {@code
 *     null} for the background refresher's setting (a provider definition's {@code
 *     refresh.keep_alive_margin})
 */
public record RefreshTokenPolicy(Duration reuseGrace, Duration idleLimit, Duration keepAliveLead) {

  /** Nothing documented: no reuse grace, no known idle limit. */
  public static final RefreshTokenPolicy NONE = new RefreshTokenPolicy(null, null, null);

  /** A policy whose keep-alive lead is the background refresher's setting. */
  public RefreshTokenPolicy(Duration reuseGrace, Duration idleLimit) {
    this(reuseGrace, idleLimit, null);
  }

  public RefreshTokenPolicy {
    if (reuseGrace != null && (reuseGrace.isNegative() || reuseGrace.isZero())) {
      throw new IllegalArgumentException("reuseGrace must be positive or absent");
    }
    if (idleLimit != null && idleLimit.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException("idleLimit must be at least an hour or absent");
    }
    if (keepAliveLead != null
        && (idleLimit == null
            || keepAliveLead.isNegative()
            || keepAliveLead.compareTo(idleLimit) >= 0)) {
      throw new IllegalArgumentException("keepAliveLead must be shorter than a known idleLimit");
    }
  }

  public Optional<Duration> reuseGraceWindow() {
    return Optional.ofNullable(reuseGrace);
  }

  public Optional<Duration> idleLimitIfKnown() {
    return Optional.ofNullable(idleLimit);
  }

  public RefreshTokenPolicy withReuseGrace(Duration grace) {
    return new RefreshTokenPolicy(grace, idleLimit, keepAliveLead);
  }
}
