/**
 * The webhook outbox (SECURITY.md §durable-webhooks): every connection event an application's
 * webhook wants is written to the {@code webhook_outbox} table, one row per endpoint, and delivered
 * from there by any instance. An instance claims due rows with a short lease — {@code FOR UPDATE
 * SKIP LOCKED} on PostgreSQL, so instances never wait on each other's rows; a compare-and-set on
 * the attempt count on SQLite — and records each attempt's outcome only while that attempt is still
 * the row's latest, so an instance that lost its lease cannot overwrite the outcome of the one that
 * took over. Rows survive restarts; a dead instance's leases lapse and its rows are attempted
 * again.
 */
package io.signlink.store.outbox;
