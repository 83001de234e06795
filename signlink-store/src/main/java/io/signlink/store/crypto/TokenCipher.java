package io.signlink.store.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * Envelope encryption of column values (SECURITY.md §encryption, §key-management): every value gets
 * a fresh AES-256-GCM data key (Tink {@link KmsEnvelopeAead}) which is itself encrypted by the
 * keyset's primary AEAD key (the KEK, which never touches the database). The associated data binds
 * the ciphertext to its column, its row and the key id stored beside it, so a ciphertext copied to
 * another row or column fails to decrypt. Decryption finds the KEK by the Tink key prefix, so rows
 * written under a retired-but-present key keep working until they are re-encrypted.
 *
 * <p>Thread-safe: the key material is one immutable snapshot swapped atomically on rotation.
 */
public final class TokenCipher {
  private static final byte[] CONTEXT = "signlink/v1".getBytes(StandardCharsets.UTF_8);

  /** One consistent view of the keyset: the envelope AEAD and the primary key it seals under. */
  private record KeyMaterial(KeysetHandle keyset, Aead envelope, long primaryKeyId) {}

  private volatile KeyMaterial current;

  public TokenCipher(KeysetHandle keyset) throws GeneralSecurityException {
    this.current = material(keyset);
  }

  /** Validates that {@code keyset} is usable as a KEK and builds its envelope AEAD. */
  static KeyMaterial material(KeysetHandle keyset) throws GeneralSecurityException {
    AeadConfig.register();
    Aead kek = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    // The data key carries no Tink prefix: the KEK's prefix inside the encrypted DEK already names
    // the key, and KmsEnvelopeAead requires an unprefixed DEK.
    AesGcmParameters dek =
        AesGcmParameters.builder()
            .setKeySizeBytes(32)
            .setIvSizeBytes(12)
            .setTagSizeBytes(16)
            .setVariant(AesGcmParameters.Variant.NO_PREFIX)
            .build();
    Aead envelope = KmsEnvelopeAead.create(dek, kek);
    long primary = Integer.toUnsignedLong(keyset.getPrimary().getId());
    return new KeyMaterial(keyset, envelope, primary);
  }

  /** Encrypts {@code plaintext} for {@code column} of row {@code rowId} under the primary key. */
  public Sealed seal(byte[] plaintext, Column column, String rowId) {
    KeyMaterial m = current;
    try {
      byte[] ct = m.envelope().encrypt(plaintext, aad(column, rowId, m.primaryKeyId()));
      return new Sealed(ct, m.primaryKeyId());
    } catch (GeneralSecurityException e) {
      // Encryption with a validated keyset does not fail in practice; never fall back to plaintext.
      throw new IllegalStateException("encryption failed for " + column.qualifiedName(), e);
    }
  }

  /**
   * Decrypts a value written by {@link #seal}; throws when the keyset lacks the key, the ciphertext
   * was altered, or it belongs to another row, column or key id.
   */
  public byte[] open(byte[] ciphertext, long keyId, Column column, String rowId)
      throws GeneralSecurityException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    return current.envelope().decrypt(ciphertext, aad(column, rowId, keyId));
  }

  /** The id (unsigned) of the key new values are sealed under. */
  public long primaryKeyId() {
    return current.primaryKeyId();
  }

  /** The keyset in use. */
  public KeysetHandle keyset() {
    return current.keyset();
  }

  /**
   * Switches to another keyset (after rotation); values sealed before stay readable if its keys
   * remain.
   */
  public void replace(KeysetHandle keyset) throws GeneralSecurityException {
    this.current = material(keyset);
  }

  private static byte[] aad(Column column, String rowId, long keyId) {
    String s =
        new String(CONTEXT, StandardCharsets.UTF_8)
            + '\0'
            + column.qualifiedName()
            + '\0'
            + rowId
            + '\0'
            + keyId;
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
