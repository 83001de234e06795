package io.signlink.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential value (access or refresh token, authorization code, PKCE verifier, client secret,
 * nonce) that must never reach a log line, an exception message or a page by accident.
 *
 * <p>{@link #toString()} is redacted; the value is only available through {@link #reveal()}, so a
 * leak has to be written on purpose and is easy to find in review (SECURITY.md §redaction).
 * Equality is compared in constant time. Instances are immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret cannot be empty");
    }
  }

  /** Wraps a non-empty value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** Wraps a value that may be absent; {@code null} or empty gives {@code null}. */
  public static Secret ofNullable(String value) {
    return value == null || value.isEmpty() ? null : new Secret(value);
  }

  /** The plain value: call it only where the value must go on the wire or into encryption. */
  public String reveal() {
    return value;
  }

  /** Length of the plain value, safe to log. */
  public int length() {
    return value.length();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "[redacted]";
  }
}
