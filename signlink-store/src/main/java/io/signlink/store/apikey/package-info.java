/**
 * API keys for SignLink's own REST API (checklist #77): {@code sk_} + 256 random bits, shown once,
 * stored as SHA-256 with a short display prefix, verified in constant time, revocable.
 */
package io.signlink.store.apikey;
