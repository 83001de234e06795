package io.signlink.server.webhook;

import io.signlink.oauth.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@code v1=} hex HMAC-SHA256 of {@code timestamp + "." + body}. Receivers
 * use {@link #verify} (or the same three lines) to check a delivery. Immutable and thread-safe (a
 * new {@link Mac} per call).
 */
public final class WebhookSigner {
  public static final String SIGNATURE_HEADER = "SignLink-Signature";
  public static final String TIMESTAMP_HEADER = "SignLink-Timestamp";

  private final SecretKeySpec key;

  public WebhookSigner(Secret secret) {
    this.key = new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
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

  /** Constant-time check of a received signature header. */
  public boolean verify(long timestampSeconds, byte[] body, String signatureHeader) {
    if (signatureHeader == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(timestampSeconds, body).getBytes(StandardCharsets.US_ASCII),
        signatureHeader.getBytes(StandardCharsets.US_ASCII));
  }
}
