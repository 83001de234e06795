/**
 * Operating the service: {@code /healthz} (the process answers), {@code /readyz} (the database
 * answers a ping), Prometheus {@code /metrics} (refreshes and failures by reason, consent flows
 * started and completed, request and provider latency) and {@code /openapi.json} built from the
 * route table.
 */
package io.signlink.server.ops;
