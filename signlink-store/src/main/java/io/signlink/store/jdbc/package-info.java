/**
 * The JDBC plumbing shared by the stores: {@link io.signlink.store.jdbc.Database} (pools,
 * one-transaction writes, error mapping to {@code TransientException}/{@code StoreException}),
 * {@link io.signlink.store.jdbc.Migrations} (Flyway) and {@link io.signlink.store.jdbc.ChangeFeed}
 * (in-process callbacks, and PostgreSQL {@code LISTEN/NOTIFY} so caches on other instances learn of
 * a change within milliseconds, and are told to drop their caches when notices may have been lost,
 * SECURITY.md §cache-coherence). {@link io.signlink.store.jdbc.PgTimeouts} bounds every wait on
 * PostgreSQL, so a refused or frozen database is an error in bounded time (SECURITY.md
 * §database-outage). Internal to the store module.
 */
package io.signlink.store.jdbc;
