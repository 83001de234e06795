/**
 * {@link io.signlink.store.pending.JdbcPendingAuthorizationStore}: authorization requests between
 * {@code begin} and the callback (RFC 6749 §10.12, RFC 7636), keyed by the SHA-256 of the state,
 * verifier and nonce sealed, consumed once with {@code DELETE … RETURNING} (SECURITY.md
 * §pending-authorizations).
 */
package io.signlink.store.pending;
