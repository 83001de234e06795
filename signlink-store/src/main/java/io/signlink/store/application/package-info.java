/**
 * Applications on SQLite or PostgreSQL (SECURITY.md §applications); the webhook secret is sealed
 * like every other secret (SECURITY.md §encryption).
 */
package io.signlink.store.application;
