/**
 * Operating the service: {@code /healthz} (the process answers), {@code /readyz} (the database
 * answers a ping within 500 ms, else 503, even on a frozen link: {@link
 * io.signlink.server.ops.BoundedReadiness}, SECURITY.md §database-outage), Prometheus {@code
 * /metrics} (refreshes and failures by reason, consent flows started and completed, request and
 * provider latency) and {@code /openapi.json} built from the route table.
 */
package io.signlink.server.ops;
