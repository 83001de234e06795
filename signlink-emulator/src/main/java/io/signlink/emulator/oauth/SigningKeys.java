package io.signlink.emulator.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * The RS256 keys that sign BoldSign ID tokens. {@link #rotate()} makes a new key current and keeps
 * the previous one published in the JWKS until the next rotation, so tokens signed just before a
 * rotation still verify (IdentityServer's key-rollover behaviour; SECURITY.md §jwks-rotation).
 *
 * <p>Thread-safe: the key list is guarded by this object's monitor.
 */
public final class SigningKeys {

  private final RandomValues random;
  private final List<RSAKey> keys = new ArrayList<>(); // newest first, at most two

  public SigningKeys(RandomValues random) {
    this.random = random;
  }

  /** The key that signs new tokens; the first is made on first use (RSA generation is slow). */
  public synchronized RSAKey current() {
    if (keys.isEmpty()) {
      keys.add(generate());
    }
    return keys.get(0);
  }

  /** The public JWKS: the current key and the one it replaced, if any. */
  public synchronized JWKSet publicJwks() {
    current();
    return new JWKSet(List.copyOf(keys)).toPublicJWKSet();
  }

  /** Makes a fresh key current; returns its {@code kid}. */
  public String rotate() {
    RSAKey key = generate();
    synchronized (this) {
      keys.add(0, key);
      while (keys.size() > 2) {
        keys.remove(keys.size() - 1);
      }
    }
    return key.getKeyID();
  }

  private RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048)
          .keyID(random.hex(32))
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not generate an RSA signing key", e);
    }
  }
}
