package io.signlink.store.crypto;

/**
 * A ciphertext and the id of the keyset's primary key it was sealed under (stored per row so
 * rotation can find rows still on an old key). The array is not copied; callers treat it as
 * read-only. Immutable by convention.
 */
public record Sealed(byte[] ciphertext, long keyId) {}
