/**
 * API keys for SignLink's own REST API (SECURITY.md §api-auth): {@code sk_} + 256 random bits,
 * shown once, stored as SHA-256 with a short display prefix, verified in constant time, revocable.
 */
package io.signlink.store.apikey;
