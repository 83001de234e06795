package io.signlink.runtime.webhook;

import io.signlink.application.Application;
import io.signlink.application.ApplicationStore;
import io.signlink.runtime.config.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the webhook of an event's application (SECURITY.md §applications): the URL and secret the
 * application registered; for the {@code default} application without one, the global {@code
 * SIGNLINK_WEBHOOK_URLS} / {@code SIGNLINK_WEBHOOK_SECRET} (what existing installations
 * configured). No other application ever gets the event. Applications are re-read at most every
 * {@link #REMEMBER}, so a changed webhook applies within that time; while the database is
 * unreachable the last answer keeps serving. Thread-safe.
 */
public final class ApplicationWebhooks implements Function<String, Optional<WebhookTarget>> {
  static final Duration REMEMBER = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationWebhooks.class);

  private record Remembered(Optional<WebhookTarget> target, long readAtNanos) {}

  private final ApplicationStore applications;
  private final WebhookSettings global;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Remembered> cache = new ConcurrentHashMap<>();

  public ApplicationWebhooks(
      ApplicationStore applications, WebhookSettings global, LongSupplier nanos) {
    this.applications = Objects.requireNonNull(applications, "applications");
    this.global = global == null ? WebhookSettings.NONE : global;
    this.nanos = Objects.requireNonNull(nanos, "nanos");
  }

  @Override
  public Optional<WebhookTarget> apply(String applicationId) {
    try {
      return known(applicationId);
    } catch (RuntimeException e) {
      return Optional.empty(); // logged by known(); nothing remembered to fall back on
    }
  }

  /**
   * The application's webhook as {@link #apply}, except that when the application cannot be read
   * and nothing is remembered it throws instead of answering "no webhook": a delivery must not be
   * given up because the database blinked.
   */
  public Optional<WebhookTarget> known(String applicationId) {
    long now = nanos.getAsLong();
    Remembered r = cache.get(applicationId);
    if (r != null && now - r.readAtNanos() < REMEMBER.toNanos()) {
      return r.target();
    }
    Optional<WebhookTarget> target;
    try {
      target = applications.find(applicationId).flatMap(this::targetOf);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read application {} for its webhook ({}); {}",
          applicationId,
          e.getClass().getSimpleName(),
          r == null ? "not sent now" : "using the last known webhook");
      if (r == null) {
        throw e;
      }
      return r.target();
    }
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(applicationId, new Remembered(target, now));
    return target;
  }

  /** Drops what is remembered (after this process changed an application). */
  public void forget(String applicationId) {
    cache.remove(applicationId);
  }

  private Optional<WebhookTarget> targetOf(Application app) {
    if (app.webhookUrl() != null) {
      return Optional.of(
          new WebhookTarget(
              app.id(),
              List.of(app.webhookUrl()),
              app.webhookSecret(),
              app.webhookEvents(),
              app.tags()));
    }
    if (app.id().equals(Application.DEFAULT_ID) && global.enabled()) {
      return Optional.of(
          new WebhookTarget(
              app.id(),
              global.urls(),
              global.secret(),
              global.events().isEmpty() ? app.webhookEvents() : global.events(),
              app.tags()));
    }
    return Optional.empty();
  }
}
