package io.signlink.store.outbox;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An event to deliver: the body every endpoint receives on every attempt, and the endpoints.
 * Immutable.
 *
 * @param eventId the event's id, the {@code id} member of {@code payload}
 * @param applicationId the application whose webhook receives it
 * @param eventType its wire name, e.g. {@code connection.created}
 * @param connectionId the connection it is about, or {@code null}
 * @param payload the JSON body as sent; never holds a token or a secret
 * @param endpoints where it goes: one delivery each
 */
public record NewWebhookEvent(
    String eventId,
    String applicationId,
    String eventType,
    String connectionId,
    String payload,
    List<URI> endpoints) {
  public NewWebhookEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    endpoints = List.copyOf(endpoints);
  }
}
