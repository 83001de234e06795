package io.signlink.runtime.webhook;

import io.signlink.oauth.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code v1=} hex HMAC-SHA256 of {@code timestamp + "." + body}, the
 * timestamp in Unix seconds. Receivers use {@link #check} or {@link #verify} with the two headers
 * as received and the raw body: the signature must match (compared in constant time) and the
 * timestamp must lie within {@link #DEFAULT_TOLERANCE} of the receiver's clock, so a captured
 * delivery cannot be replayed later (SECURITY.md §webhook-verification). Within the window, the
 * event {@code id} (the same on every retry) tells repeats apart; docs/WEBHOOKS.md shows a
 * receiver. Immutable and thread-safe (a new {@link Mac} per call).
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "SignLink-Signature";
  public static final String TIMESTAMP_HEADER = "SignLink-Timestamp";

  /** How far a delivery's timestamp may be from the receiver's clock, either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  /** Why a delivery was accepted or refused. */
  public enum Verdict {
    VALID,
    /** A header is missing or the timestamp is not a number. */
    MALFORMED,
    /** Signed with another secret, or the body or timestamp was changed. */
    BAD_SIGNATURE,
    /** Correctly signed but outside the tolerance window: a replay or a badly set clock. */
    OUTSIDE_WINDOW
  }

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration tolerance;

  /** A signer that verifies against the system clock with the default tolerance. */
  public WebhookSigner(Secret secret) {
    this(secret, Clock.systemUTC(), DEFAULT_TOLERANCE);
  }

  public WebhookSigner(Secret secret, Clock clock, Duration tolerance) {
    this.key = new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative");
    }
  }

  public String sign(long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  /**
   * Checks a received delivery.
   *
   * @param timestampHeader the {@code SignLink-Timestamp} header as received
   * @param body the raw request body, before any JSON parsing
   * @param signatureHeader the {@code SignLink-Signature} header as received
   */
  public Verdict check(String timestampHeader, byte[] body, String signatureHeader) {
    if (timestampHeader == null || signatureHeader == null || body == null) {
      return Verdict.MALFORMED;
    }
    long ts;
    try {
      ts = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return Verdict.MALFORMED;
    }
    if (!MessageDigest.isEqual(
        sign(ts, body).getBytes(StandardCharsets.US_ASCII),
        signatureHeader.trim().getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.BAD_SIGNATURE;
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - ts);
    return skew <= tolerance.toSeconds() ? Verdict.VALID : Verdict.OUTSIDE_WINDOW;
  }

  /** True only for a {@link Verdict#VALID} delivery. */
  public boolean verify(String timestampHeader, byte[] body, String signatureHeader) {
    return check(timestampHeader, body, signatureHeader) == Verdict.VALID;
  }

  /** As {@link #verify(String, byte[], String)} with the timestamp already parsed. */
  public boolean verify(long timestampSeconds, byte[] body, String signatureHeader) {
    return verify(Long.toString(timestampSeconds), body, signatureHeader);
  }
}
