/**
 * The token vault: {@link io.signlink.store.SignLinkStore#open} turns a {@link
 * io.signlink.store.StoreConfig} into the core ports ({@code ConnectionStore}, {@code
 * PendingAuthorizationStore}, {@code EventLog}) plus API keys and key rotation.
 *
 * <p>Open goes: connect (HikariCP; SQLite with WAL, one writer, busy timeout 5 s; or PostgreSQL),
 * migrate (Flyway, one folder per engine), load the keyset (file or environment, generated only for
 * a brand-new embedded database), prove it against the key-check row, then build the stores. Tokens
 * are confidential at rest as RFC 6749 §10.3/§10.4 and RFC 9700 §4.14.1 ask: sealed with Tink AEAD
 * envelope encryption bound to row and column (SECURITY.md §encryption, §key-management); the state
 * of an authorization request is kept only as its SHA-256 (SECURITY.md §encryption).
 */
package io.signlink.store;
