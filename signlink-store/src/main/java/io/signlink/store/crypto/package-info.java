/**
 * Encryption at rest. {@link io.signlink.store.crypto.TokenCipher} seals each value under a fresh
 * AES-256-GCM data key (Tink {@code KmsEnvelopeAead}) wrapped by the keyset's primary key, with
 * "column + row id + key id" as associated data (SECURITY.md §encryption). {@link
 * io.signlink.store.crypto.Keysets} reads and atomically writes keyset files (0600). {@link
 * io.signlink.store.crypto.KeyCheck} refuses a keyset that is not the database's (SECURITY.md
 * §encryption). {@link io.signlink.store.crypto.KeyRotation} adds a primary key, re-encrypts rows
 * found by their {@code key_id} (resumable, idempotent) and then retires old keys (SECURITY.md
 * §key-management).
 */
package io.signlink.store.crypto;
