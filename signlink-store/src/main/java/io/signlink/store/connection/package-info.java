/**
 * {@link io.signlink.store.connection.JdbcConnectionStore}: connections with sealed tokens, one row
 * per (provider, owner, subject, account), compare-and-set versions (SECURITY.md §atomic-writes),
 * refresh leases by conditional {@code UPDATE}, and the due query on a partial index over the
 * access-token expiry, leased in disjoint batches with {@code FOR UPDATE SKIP LOCKED} on PostgreSQL
 * (SECURITY.md §single-refresh).
 */
package io.signlink.store.connection;
