package io.signlink.server.connect;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF token of the confirmation page's Continue form (SECURITY.md §connect-sessions): an
 * HMAC-SHA256, under a key drawn at startup, of the browser's binding cookie and the connect
 * session. Another site can make a browser load the confirmation page but cannot read the token
 * from it, and cannot submit one that matches the victim's cookie; a restart voids open
 * confirmation pages (the user reloads). Thread-safe.
 */
public final class ConfirmTokens {
  private final SecretKeySpec key;

  public ConfirmTokens() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** The token for this binding value and session id. */
  public String issue(String binding, String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] out = mac.doFinal((binding + "\n" + sessionId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
    }
  }

  /** Constant-time check of a submitted token; false when anything is missing. */
  public boolean verify(String binding, String sessionId, String presented) {
    if (binding == null || sessionId == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        issue(binding, sessionId).getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.UTF_8));
  }
}
