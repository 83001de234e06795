/** {@link io.signlink.store.event.JdbcEventLog}: the durable connection event log (checklist #76). */
package io.signlink.store.event;
