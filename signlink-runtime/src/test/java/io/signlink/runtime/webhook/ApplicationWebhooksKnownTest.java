package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.oauth.Secret;
import io.signlink.runtime.config.WebhookSettings;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery is not given up because the database could not say where it goes: {@link
 * ApplicationWebhooks#known} throws then, unless it remembers an answer (SECURITY.md
 * §durable-webhooks).
 */
class ApplicationWebhooksKnownTest {
  static final WebhookSettings GLOBAL =
      new WebhookSettings(
          List.of(URI.create("https://hooks.example.com/x")), Secret.of("known-test-secret-01"));

  @TempDir Path dir;

  @Test
  void anUnreadableApplicationIsUnknownNotWithoutAWebhook() {
    SignLinkStore store = SignLinkStore.open(StoreConfig.builder().dataDir(dir).build());
    AtomicLong nanos = new AtomicLong();
    ApplicationWebhooks remembering =
        new ApplicationWebhooks(store.applications(), GLOBAL, nanos::get);
    ApplicationWebhooks fresh = new ApplicationWebhooks(store.applications(), GLOBAL, nanos::get);
    assertThat(remembering.known("default")).isPresent();
    store.close(); // every read fails from now on

    assertThatThrownBy(() -> fresh.known("default")).isInstanceOf(RuntimeException.class);
    assertThat(fresh.apply("default")).isEmpty(); // an event is not written, as before
    nanos.addAndGet(ApplicationWebhooks.REMEMBER.toNanos() * 2);
    assertThat(remembering.known("default")).isPresent(); // the last answer keeps serving
  }
}
