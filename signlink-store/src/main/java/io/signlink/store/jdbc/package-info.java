/**
 * The JDBC plumbing shared by the stores: {@link io.signlink.store.jdbc.Database} (pools,
 * one-transaction writes, error mapping to {@code TransientException}/{@code StoreException}),
 * {@link io.signlink.store.jdbc.Migrations} (Flyway) and {@link io.signlink.store.jdbc.ChangeFeed}
 * (in-process callbacks, and PostgreSQL {@code LISTEN/NOTIFY} so caches on other instances learn of
 * a change within milliseconds). Internal to the store module.
 */
package io.signlink.store.jdbc;
