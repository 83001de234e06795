/**
 * Connections and their token lifecycle: always-valid access tokens, one refresh per expiry across
 * threads and instances, honest failures.
 *
 * <p>The flow: a consent flow stores a {@link io.signlink.connection.Connection} through the {@link
 * io.signlink.connection.ConnectionStore} port. Application code asks {@link
 * io.signlink.connection.TokenManager#accessToken(String)} for a token; a cached one with more than
 * {@code min(margin, fraction × its granted lifetime)} left is returned without I/O (SECURITY.md
 * §freshness, {@link io.signlink.connection.Freshness}). Otherwise one caller per process leads a
 * refresh (single flight, SECURITY.md §single-refresh) that takes the connection's short database
 * lease (renewed by a heartbeat, so a dead holder blocks others for at most its TTL; meanwhile
 * callers get the still-usable token), re-reads the row (SECURITY.md §single-refresh), sends the
 * refresh-token grant (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC 6749 §6</a>)
 * through a {@link io.signlink.connection.TokenRefresher}, and commits the new tokens, a rotated
 * refresh token included, by compare-and-set before anyone is answered (SECURITY.md §rotation,
 * §atomic-writes, §lost-refresh; <a
 * href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2">RFC 9700 §4.14.2</a> is why: reusing
 * a rotated refresh token makes the provider revoke the grant). {@code invalid_grant} is re-checked
 * against the stored row before the connection is marked {@code REAUTH_REQUIRED} (SECURITY.md
 * §dead-grant); transient faults are retried a little and a still-valid token keeps serving
 * (SECURITY.md §provider-faults); {@code invalid_client} pauses the provider, not the user's
 * connection (SECURITY.md §cooldown).
 *
 * <p>Around it: {@link io.signlink.connection.AuthorizedCall} refreshes once on a 401 (<a
 * href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>, SECURITY.md
 * §retry-on-401); {@link io.signlink.connection.BackgroundRefresher} refreshes due connections
 * ahead of use, sharing the work between instances, and keeps refresh tokens of providers with an
 * idle limit alive (SECURITY.md §startup-shutdown); {@link io.signlink.connection.ConnectionEvents}
 * fans events out to listeners; store notifications drop cached tokens on every instance. Notices
 * can be lost (PostgreSQL does not replay what was sent while a {@code LISTEN} connection was
 * down), so the cache does not rely on them alone: a cached "reauthorization required" is re-read
 * from the row every 2 s, and everything cached is dropped when the listener is back (SECURITY.md
 * §cache-coherence). While the database is unreachable, cached tokens keep being served
 * (SECURITY.md §database-outage).
 */
package io.signlink.connection;
