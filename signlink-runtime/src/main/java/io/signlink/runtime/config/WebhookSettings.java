package io.signlink.runtime.config;

import io.signlink.application.WebhookEvents;
import io.signlink.oauth.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where connection events are POSTed, the key that signs them and the events sent ({@code
 * SIGNLINK_WEBHOOK_URLS}, {@code SIGNLINK_WEBHOOK_SECRET}, {@code SIGNLINK_WEBHOOK_EVENTS}; no
 * events listed: {@link WebhookEvents#DEFAULT}). Immutable.
 */
public record WebhookSettings(List<URI> urls, Secret secret, Set<String> events) {
  public static final WebhookSettings NONE = new WebhookSettings(List.of(), null);

  public WebhookSettings {
    urls = urls == null ? List.of() : List.copyOf(urls);
    events = events == null ? Set.of() : Set.copyOf(events);
    if (!urls.isEmpty()) {
      Objects.requireNonNull(secret, "a webhook secret is required when webhook URLs are set");
    }
    String problem = WebhookEvents.problem(events);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Webhooks at {@code urls} that receive the default events. */
  public WebhookSettings(List<URI> urls, Secret secret) {
    this(urls, secret, Set.of());
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }
}
