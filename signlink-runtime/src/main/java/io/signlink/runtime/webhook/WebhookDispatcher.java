package io.signlink.runtime.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.application.Application;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionEventListener;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.runtime.config.WebhookSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers connection events to the webhook of the application the connection belongs to, and to no
 * other (SECURITY.md §applications), with that application's tags. {@link #onEvent} only enqueues
 * (a bounded number of deliveries in flight, extra events are dropped and counted); one background
 * thread POSTs, retrying failures (network errors, 5xx, 429) with exponential backoff. Thread-safe.
 */
public final class WebhookDispatcher implements ConnectionEventListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Set<ConnectionEvent.Type> SENT =
      EnumSet.of(
          ConnectionEvent.Type.CREATED,
          ConnectionEvent.Type.REFRESHED,
          ConnectionEvent.Type.REAUTH_REQUIRED,
          ConnectionEvent.Type.REVOKED,
          ConnectionEvent.Type.DELETED);

  /** Limits of delivery. */
  public record Settings(
      int capacity, int maxAttempts, Duration firstRetryDelay, Duration timeout) {
    public static Settings defaults() {
      return new Settings(1000, 6, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
  }

  private final Function<String, Optional<WebhookTarget>> targets;
  private final HttpTransport http;
  private final Clock clock;
  private final Settings settings;
  private final ObjectMapper json = new ObjectMapper();
  private final Semaphore slots;
  private final ScheduledExecutorService worker;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** Sends every event of the default application to {@code target} (one global webhook). */
  public WebhookDispatcher(
      WebhookSettings target, HttpTransport http, Clock clock, Settings settings) {
    this(
        applicationId ->
            applicationId.equals(Application.DEFAULT_ID) && target.enabled()
                ? Optional.of(
                    new WebhookTarget(applicationId, target.urls(), target.secret(), null, null))
                : Optional.empty(),
        http,
        clock,
        settings);
  }

  /**
   * @param targets the webhook of an application id, or empty when it has none (e.g. {@link
   *     ApplicationWebhooks})
   */
  public WebhookDispatcher(
      Function<String, Optional<WebhookTarget>> targets,
      HttpTransport http,
      Clock clock,
      Settings settings) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.slots = new Semaphore(settings.capacity());
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "signlink-webhooks");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = executor;
  }

  @Override
  public void onEvent(ConnectionEvent event) {
    if (!SENT.contains(event.type())) {
      return;
    }
    WebhookTarget target = targets.apply(event.applicationId()).orElse(null);
    if (target == null || !target.wants(event.type().wireName())) {
      return;
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(payload(event, target.tags()));
    } catch (JsonProcessingException e) {
      LOG.warn("webhook payload for {} could not be written", event.type().wireName());
      return;
    }
    WebhookSigner signer = new WebhookSigner(target.secret());
    for (URI url : target.urls()) {
      if (!slots.tryAcquire()) {
        dropped.incrementAndGet();
        LOG.warn(
            "webhook queue full ({}); dropped {} for {}",
            settings.capacity(),
            event.type().wireName(),
            event.connectionId());
        continue;
      }
      try {
        worker.execute(() -> attempt(url, signer, body, 1));
      } catch (RuntimeException e) {
        slots.release();
        dropped.incrementAndGet();
      }
    }
  }

  /**
   * The event as sent: ids, type, time, a short detail and the application's tags — never a token.
   */
  static Map<String, Object> payload(ConnectionEvent e, List<String> tags) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", UUID.randomUUID().toString());
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

  private void attempt(URI url, WebhookSigner signer, byte[] body, int attempt) {
    boolean done = true;
    try {
      if (send(url, signer, body)) {
        delivered.incrementAndGet();
      } else if (attempt < settings.maxAttempts() && !worker.isShutdown()) {
        long delay = settings.firstRetryDelay().toMillis() << Math.min(attempt - 1, 10);
        worker.schedule(
            () -> attempt(url, signer, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
        done = false;
      } else {
        failed.incrementAndGet();
        LOG.warn("webhook to {} gave up after {} attempts", url.getHost(), attempt);
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      LOG.warn("webhook to {} failed: {}", url.getHost(), e.getClass().getSimpleName());
    } finally {
      if (done) {
        slots.release();
      }
    }
  }

  /** True when delivered or refused for good (4xx other than 408/429: retrying will not help). */
  private boolean send(URI url, WebhookSigner signer, byte[] body) {
    long ts = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
            .header(WebhookSigner.SIGNATURE_HEADER, signer.sign(ts, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResult result = http.send(request, 64 * 1024);
      int s = result.status();
      if (s >= 200 && s < 300) {
        return true;
      }
      if (s >= 400 && s < 500 && s != 408 && s != 429) {
        LOG.warn("webhook to {} refused with HTTP {}; not retried", url.getHost(), s);
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public long delivered() {
    return delivered.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Stops after the deliveries already running; pending retries are abandoned. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
  }
}
