package io.signlink.spring.boot.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * The cookie that ties a consent flow to the browser that began it (SECURITY.md §state,
 * §binding-cookie): minted here from 256 random bits on every start, never adopted from the
 * browser, and only its SHA-256 is stored with the pending authorization. Over https it is {@code
 * __Host-signlink_binding} (Secure, Path=/, no Domain). HttpOnly; SameSite=Lax, because the
 * provider's redirect back is a cross-site top-level GET that must carry it. Thread-safe.
 */
final class BrowserBinding {
  static final String PLAIN_NAME = "signlink_binding";
  static final String HOST_NAME = "__Host-signlink_binding";
  private static final Duration MAX_AGE = Duration.ofHours(1);

  private final SecureRandom random = new SecureRandom();
  private final boolean https;

  BrowserBinding(boolean https) {
    this.https = https;
  }

  String name() {
    return https ? HOST_NAME : PLAIN_NAME;
  }

  /** A fresh value: the cookie to set and the hash to store. */
  Minted mint() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ResponseCookie cookie =
        ResponseCookie.from(name(), value)
            .path("/")
            .httpOnly(true)
            .secure(https)
            .sameSite("Lax")
            .maxAge(MAX_AGE)
            .build();
    return new Minted(cookie.toString(), hash(value));
  }

  /** The hash of the value this browser sent, or {@code null} when absent or not of our shape. */
  String hashFrom(ServerRequest request) {
    var cookie = request.cookies().getFirst(name());
    String value = cookie == null ? null : cookie.getValue();
    return value == null || value.length() != 43 ? null : hash(value);
  }

  static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * @param setCookie the {@code Set-Cookie} header value
   * @param hash what the pending authorization stores
   */
  record Minted(String setCookie, String hash) {
    @Override
    public String toString() {
      return "Minted[(redacted)]";
    }
  }
}
