package io.signlink.store.outbox;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one endpoint: a row of the outbox. A delivery returned by {@link
 * WebhookOutbox#claim} is attempt number {@code attempts}, leased to {@code leaseHolder}; only that
 * attempt may record its outcome. Immutable.
 *
 * @param id the delivery's id (one per event per endpoint)
 * @param eventId the event's id, the same for every endpoint and every attempt
 * @param payload the JSON body, as sent on every attempt
 * @param attempts attempts made so far, including one in progress
 * @param nextAttemptAt when it may be attempted (again); while leased, when the lease ends
 * @param retryUntil a failed attempt after this instant gives the delivery up
 * @param leaseHolder the instance attempting it now, or {@code null}
 * @param lastResult what the last attempt got ({@code HTTP 503}, {@code timeout} …), or {@code
 *     null}
 * @param finishedAt when it was delivered or given up, or {@code null}
 */
public record Delivery(
    String id,
    String eventId,
    String applicationId,
    URI endpoint,
    String eventType,
    String connectionId,
    String payload,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Instant retryUntil,
    String leaseHolder,
    Instant lastAttemptAt,
    String lastResult,
    Instant createdAt,
    Instant finishedAt) {
  public Delivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(status, "status");
  }
}
