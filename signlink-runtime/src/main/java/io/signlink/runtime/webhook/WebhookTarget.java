package io.signlink.runtime.webhook;

import io.signlink.application.WebhookEvents;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where one application's events go: its URLs, the secret that signs them, the event names it wants
 * (empty: {@link WebhookEvents#DEFAULT}) and the tags copied into each event. Immutable; prints no
 * secret.
 */
public record WebhookTarget(
    String applicationId, List<URI> urls, Secret secret, Set<String> events, List<String> tags) {
  public WebhookTarget {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(secret, "secret");
    urls = List.copyOf(urls);
    events = events == null ? Set.of() : Set.copyOf(events);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  public boolean wants(String wireName) {
    return WebhookEvents.wants(events, wireName);
  }
}
