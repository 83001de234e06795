package io.signlink.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque one-time values ({@code state}, {@code nonce}, PKCE verifiers): 32 bytes from a {@link
 * SecureRandom}, base64url without padding, which gives 43 characters from the RFC 7636 §4.1
 * unreserved set and 256 bits of entropy (SECURITY.md §pkce, §state, §nonce). Thread-safe ({@code
 * SecureRandom} is).
 */
final class RandomValues {
  static final int BYTES = 32;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;

  RandomValues(SecureRandom random) {
    this.random = random;
  }

  SecureRandom secureRandom() {
    return random;
  }

  Secret next() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return Secret.of(BASE64URL.encodeToString(bytes));
  }
}
