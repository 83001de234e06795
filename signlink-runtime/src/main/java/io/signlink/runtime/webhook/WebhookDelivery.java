package io.signlink.runtime.webhook;

import io.signlink.error.TransientException;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.http.RetryAfter;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.WebhookOutbox;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds (SECURITY.md §durable-webhooks): one polling thread claims due
 * deliveries — only as many as it has free senders, so nothing it claims waits out its lease — and
 * {@code parallelism} sender threads POST them, signed at send time with the application's current
 * secret. Each outcome is recorded by the attempt that made it: 2xx delivered; a network error,
 * timeout, 5xx, 408 or 429 retried on the {@link RetrySchedule} until its retry time runs out — a
 * 429 or 503 with a {@code Retry-After} no earlier than it asks, up to the schedule's longest wait;
 * any other 4xx, or an endpoint the application no longer has, given up at once. Any number of
 * instances run one each on the same database; each delivery goes to its endpoint once, except that
 * one in flight when its instance dies (or cannot record the answer) is sent again after its lease,
 * at most one such repeat per sender of the dead instance. Thread-safe.
 */
public final class WebhookDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
  private static final long MAX_RESPONSE_BYTES = 64 * 1024;

  /**
   * How this instance delivers.
   *
   * @param parallelism deliveries in flight at once
   * @param lease how long a claimed delivery stays with this instance; must exceed {@code timeout}
   *     with room to record the answer
   * @param timeout the longest one POST may take
   * @param pollInterval how often the outbox is read when nothing wakes the poller
   * @param retries when failed deliveries are tried again and given up
   */
  public record Settings(
      int parallelism,
      Duration lease,
      Duration timeout,
      Duration pollInterval,
      RetrySchedule retries) {
    public Settings {
      Objects.requireNonNull(retries, "retries");
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1");
      }
      if (lease.compareTo(timeout.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("the lease must be at least twice the timeout");
      }
    }

    /** Four senders, 60 s leases, 10 s per POST, a poll every second, the default retries. */
    public static Settings defaults() {
      return new Settings(
          4,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          RetrySchedule.defaults());
    }
  }

  private final WebhookOutbox outbox;
  private final Function<String, Optional<WebhookTarget>> targets;
  private final HttpTransport http;
  private final Clock clock;
  private final Settings settings;
  private final String holder;
  private final RandomGenerator random;
  private final Semaphore free;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong gaveUp = new AtomicLong();
  private ScheduledExecutorService poller;
  private ExecutorService senders;
  private volatile boolean closed;

  /**
   * @param targets the webhook of an application id, or empty when it has none; throws when it
   *     cannot tell (e.g. {@link ApplicationWebhooks#known}), and the delivery waits for its lease
   *     to lapse instead of being given up
   * @param holder this instance's name on the leases it takes; unique among running instances
   */
  public WebhookDelivery(
      WebhookOutbox outbox,
      Function<String, Optional<WebhookTarget>> targets,
      HttpTransport http,
      Clock clock,
      Settings settings,
      String holder) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.random = new SecureRandom();
    this.free = new Semaphore(settings.parallelism());
  }

  /** A lease holder name for this process: its pid and a random suffix. */
  public static String instanceName() {
    return "pid-"
        + ProcessHandle.current().pid()
        + "-"
        + Long.toHexString(new SecureRandom().nextLong());
  }

  /** Starts polling and sending; calling it again does nothing. */
  public synchronized void start() {
    if (poller != null || closed) {
      return;
    }
    poller = Executors.newSingleThreadScheduledExecutor(daemon("signlink-webhooks"));
    senders = Executors.newFixedThreadPool(settings.parallelism(), daemon("signlink-webhook-send"));
    long ms = settings.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::poll, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** Reads the outbox now instead of at the next poll (an event was just written). */
  public void wake() {
    ScheduledExecutorService p = poller;
    if (p == null || closed || !wakePending.compareAndSet(false, true)) {
      return;
    }
    try {
      p.execute(
          () -> {
            wakePending.set(false);
            poll();
          });
    } catch (RejectedExecutionException e) {
      wakePending.set(false);
    }
  }

  /** Claims what this instance can send now and hands it to the senders. */
  private void poll() {
    try {
      while (!closed) {
        int slots = free.availablePermits();
        if (slots == 0) {
          return; // a sender that finishes wakes the poller
        }
        List<Delivery> batch = outbox.claim(holder, slots, settings.lease());
        for (Delivery d : batch) {
          free.acquireUninterruptibly();
          try {
            senders.execute(() -> sendAndRelease(d));
          } catch (RejectedExecutionException e) {
            free.release(); // closing: the lease lapses and another instance sends it
          }
        }
        if (batch.size() < slots) {
          return; // nothing else is due
        }
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read the webhook outbox ({}); trying again in {}",
          e.getClass().getSimpleName(),
          settings.pollInterval());
    }
  }

  private void sendAndRelease(Delivery d) {
    try {
      attempt(d);
    } catch (RuntimeException e) {
      // the outcome could not be recorded: the lease lapses and the delivery is attempted again
      LOG.warn(
          "could not record the outcome of webhook delivery {} ({})",
          d.id(),
          e.getClass().getSimpleName());
    } finally {
      free.release();
      wake();
    }
  }

  /** One attempt of a claimed delivery, and its recorded outcome. */
  void attempt(Delivery d) {
    Optional<WebhookTarget> target = targets.apply(d.applicationId());
    if (target.isEmpty() || !target.get().urls().contains(d.endpoint())) {
      outbox.fail(d, "given up: the application no longer sends webhooks to this URL");
      gaveUp.incrementAndGet();
      LOG.warn("webhook delivery {} given up: its endpoint was removed", d.id());
      return;
    }
    Instant sentAt = clock.instant();
    if (sentAt.plus(settings.timeout()).isAfter(d.nextAttemptAt())) {
      return; // the lease would end mid-request: leave it to the next claim
    }
    Answer answer = send(d.endpoint(), new WebhookSigner(target.get().secret()), d.payload());
    if (answer.delivered()) {
      outbox.delivered(d, answer.result());
      delivered.incrementAndGet();
      return;
    }
    if (!answer.retryable()) {
      outbox.fail(d, answer.result() + "; refused, not retried");
      gaveUp.incrementAndGet();
      LOG.warn(
          "webhook delivery {} to {} refused with {}; not retried",
          d.id(),
          d.endpoint().getHost(),
          answer.result());
      return;
    }
    Duration wait = settings.retries().delayAfter(d.attempts(), random);
    String result = answer.result();
    if (answer.retryAfter() != null) {
      // the receiver's back-off (RFC 9110 §10.2.3), never beyond the longest wait between attempts
      Duration asked = answer.retryAfter();
      Duration honoured =
          asked.compareTo(settings.retries().max()) > 0 ? settings.retries().max() : asked;
      if (honoured.compareTo(wait) > 0) {
        wait = honoured;
      }
      result += ", Retry-After " + asked.toSeconds() + " s";
    }
    Instant next = clock.instant().plus(wait);
    if (d.retryUntil() != null && next.isAfter(d.retryUntil())) {
      outbox.fail(d, result + "; given up after " + d.attempts() + " attempts, retry time over");
      gaveUp.incrementAndGet();
      LOG.warn(
          "webhook delivery {} to {} given up after {} attempts ({})",
          d.id(),
          d.endpoint().getHost(),
          d.attempts(),
          result);
      return;
    }
    outbox.retryAt(d, next, result);
    retried.incrementAndGet();
    LOG.debug(
        "webhook delivery {} to {}: attempt {} got {}; next at {}",
        d.id(),
        d.endpoint().getHost(),
        d.attempts(),
        result,
        next);
  }

  /**
   * What one POST got: delivered (2xx), worth retrying, or refused for good; {@code retryAfter} is
   * the wait a 429 or 503 asked for with a readable {@code Retry-After}, else null.
   */
  private record Answer(boolean delivered, boolean retryable, String result, Duration retryAfter) {
    Answer(boolean delivered, boolean retryable, String result) {
      this(delivered, retryable, result, null);
    }
  }

  private Answer send(URI url, WebhookSigner signer, String payload) {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
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
      HttpResult result = http.send(request, MAX_RESPONSE_BYTES);
      int s = result.status();
      String text = "HTTP " + s;
      if (s >= 200 && s < 300) {
        return new Answer(true, false, text);
      }
      boolean finalRefusal = s >= 400 && s < 500 && s != 408 && s != 429;
      Duration retryAfter = s == 429 || s == 503 ? RetryAfter.of(result, clock).orElse(null) : null;
      return new Answer(false, !finalRefusal, text, retryAfter);
    } catch (TransientException e) {
      return new Answer(
          false,
          true,
          e.kind() == TransientException.Kind.TIMEOUT ? "timeout" : "connection failed");
    } catch (RuntimeException e) {
      return new Answer(false, true, "failed: " + e.getClass().getSimpleName());
    }
  }

  /** Deliveries this instance saw answered 2xx. */
  public long delivered() {
    return delivered.get();
  }

  /** Failed attempts this instance scheduled again. */
  public long retried() {
    return retried.get();
  }

  /** Deliveries this instance gave up. */
  public long gaveUp() {
    return gaveUp.get();
  }

  /** This instance's lease holder name. */
  public String holder() {
    return holder;
  }

  /**
   * Stops claiming, and waits up to the timeout for deliveries in flight; what is still unsent
   * stays in the outbox for the next start or another instance.
   */
  @Override
  public void close() {
    closed = true;
    ScheduledExecutorService p;
    ExecutorService s;
    synchronized (this) {
      p = poller;
      s = senders;
    }
    if (p == null) {
      return;
    }
    p.shutdownNow();
    s.shutdown();
    try {
      s.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    s.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
