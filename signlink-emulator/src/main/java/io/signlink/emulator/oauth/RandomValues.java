package io.signlink.emulator.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Unguessable values for codes, tokens, consent-page ids and CSRF tokens: 32 bytes from {@link
 * SecureRandom}, base64url without padding (RFC 6749 §10.10, RFC 6819 §5.1.4.2.2).
 *
 * <p>Thread-safe: {@link SecureRandom} is thread-safe.
 */
public final class RandomValues {

  private final SecureRandom random = new SecureRandom();

  /** A fresh 256-bit random value, 43 base64url characters. */
  public String next() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A fresh random value as {@code n} upper-case hex characters (IdentityServer-style key ids). */
  public String hex(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(Character.toUpperCase(Character.forDigit(random.nextInt(16), 16)));
    }
    return sb.toString();
  }
}
