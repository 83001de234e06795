package io.signlink.server.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** 256-bit random values for cookies and CSRF tokens, and their hashes. Thread-safe. */
public final class RandomTokens {
  private final SecureRandom random = new SecureRandom();

  /** 32 random bytes, base64url without padding. */
  public String next() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Hex SHA-256: what is stored instead of a cookie value (SECURITY.md §state, §encryption). */
  public static String hash(String value) {
    return HexFormat.of().formatHex(ApiKeyAuth.sha256(value));
  }

  /** Constant-time equality of two strings. */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(ApiKeyAuth.sha256(a), ApiKeyAuth.sha256(b));
  }
}
