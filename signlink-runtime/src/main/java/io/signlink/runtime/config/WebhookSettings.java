package io.signlink.runtime.config;

import io.signlink.oauth.Secret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where connection events are POSTed and the key that signs them ({@code SIGNLINK_WEBHOOK_URLS},
 * {@code SIGNLINK_WEBHOOK_SECRET}). Immutable.
 */
public record WebhookSettings(List<URI> urls, Secret secret) {
  public static final WebhookSettings NONE = new WebhookSettings(List.of(), null);

  public WebhookSettings {
    urls = urls == null ? List.of() : List.copyOf(urls);
    if (!urls.isEmpty()) {
      Objects.requireNonNull(secret, "a webhook secret is required when webhook URLs are set");
    }
  }

  public boolean enabled() {
    return !urls.isEmpty();
  }
}
