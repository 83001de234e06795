/**
 * {@link io.signlink.store.event.JdbcEventLog}: the durable connection event log (SECURITY.md
 * §security-events).
 */
package io.signlink.store.event;
