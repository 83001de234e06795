package io.signlink.runtime.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.application.WebhookEvents;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionEventListener;
import io.signlink.store.outbox.NewWebhookEvent;
import io.signlink.store.outbox.WebhookOutbox;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each connection event the application's webhook wants into the outbox, one delivery per
 * endpoint, before {@link #onEvent} returns (SECURITY.md §durable-webhooks, §applications): the
 * event is in the database when the thread that caused it goes on, survives a restart, and is
 * delivered by whichever instance's {@link WebhookDelivery} claims it. Registered as a recorder of
 * {@link io.signlink.connection.ConnectionEvents}, it writes inside the transaction of the
 * connection change that caused the event, so a crash cannot keep the change and lose the event;
 * the local delivery is woken once that transaction has committed. No other application ever gets
 * the event. The body is fixed here, with a new event id, so every endpoint and every attempt
 * receives the same bytes. A failed write is logged and counted, never thrown. Thread-safe.
 */
public final class WebhookDispatcher implements ConnectionEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final Function<String, Optional<WebhookTarget>> targets;
  private final WebhookOutbox outbox;
  private final Duration retryFor;
  private final Runnable written;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();

  /**
   * @param targets the webhook of an application id, or empty when it has none (e.g. {@link
   *     ApplicationWebhooks})
   * @param retryFor how long the deliveries are retried ({@link RetrySchedule#retryFor()})
   * @param written run after an event was written (e.g. {@link WebhookDelivery#wake()})
   */
  public WebhookDispatcher(
      Function<String, Optional<WebhookTarget>> targets,
      WebhookOutbox outbox,
      Duration retryFor,
      Runnable written) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.retryFor = Objects.requireNonNull(retryFor, "retryFor");
    this.written = written == null ? () -> {} : written;
  }

  @Override
  public void onEvent(ConnectionEvent event) {
    String type = event.type().wireName();
    if (!WebhookEvents.SENDABLE.contains(type)) {
      return;
    }
    Optional<WebhookTarget> target;
    String eventId = UUID.randomUUID().toString();
    try {
      target = targets.apply(event.applicationId());
      if (target.isEmpty() || !target.get().wants(type) || target.get().urls().isEmpty()) {
        return;
      }
      String body = json.writeValueAsString(payload(eventId, event, target.get().tags()));
      outbox.enqueue(
          new NewWebhookEvent(
              eventId,
              event.applicationId(),
              type,
              event.connectionId(),
              body,
              target.get().urls()),
          retryFor,
          n -> {
            queued.addAndGet(n);
            written.run();
          });
    } catch (JsonProcessingException | RuntimeException e) {
      lost.incrementAndGet();
      LOG.warn(
          "webhook event {} of connection {} could not be written to the outbox ({}); it is not"
              + " sent",
          type,
          event.connectionId(),
          e.getClass().getSimpleName());
      return;
    }
  }

  /**
   * The event as sent: ids, type, time, a short detail and the application's tags — never a token.
   */
  static Map<String, Object> payload(String eventId, ConnectionEvent e, List<String> tags) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", eventId);
    m.put("type", e.type().wireName());
    m.put("application_id", e.applicationId());
    m.put("tags", tags);
    m.put("connection_id", e.connectionId());
    m.put("provider", e.providerId());
    m.put("owner", e.owner());
    m.put("at", e.at().toString());
    if (e.detail() != null) {
      m.put("detail", e.detail());
    }
    return m;
  }

  /** Deliveries written to the outbox by this instance. */
  public long queued() {
    return queued.get();
  }

  /** Events this instance could not write (the database refused): they are not sent. */
  public long lost() {
    return lost.get();
  }
}
