package io.signlink.store.crypto;

/**
 * What a rotation or re-encryption run did. Immutable.
 *
 * @param primaryKeyId the key every value is now sealed under
 * @param reencrypted rows moved to the primary key in this run
 * @param undecryptable rows skipped because they do not decrypt (they stay on their old key, so
 *     {@link KeyRotation#removeRetiredKeys()} keeps refusing until they are deleted or repaired)
 * @param remaining rows still on another key after this run (0 when done)
 */
public record RotationReport(
    long primaryKeyId, int reencrypted, int undecryptable, long remaining) {
  public boolean complete() {
    return remaining == 0;
  }
}
