package io.signlink.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionEventListener;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * SignLink's meters, published to every registry handed to {@link #publishTo} (the application's
 * own {@code MeterRegistry}, the server's Prometheus registry). Connection events become counters
 * ({@code signlink_refreshes_total}, {@code signlink_refresh_failures_total{reason}} (a refresh
 * whose outcome was lost counts as {@code reason="refresh_outcome_lost"}), {@code
 * signlink_reauth_required_total}, {@code signlink_refresh_token_expiring_total}); the routes count
 * consent flows and time requests. Thread-safe (Micrometer meters are).
 */
public final class SignLinkMetrics implements ConnectionEventListener, AutoCloseable {
  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

  /** Records into {@code target} from now on, beside the registries added before. */
  public void publishTo(MeterRegistry target) {
    registry.add(target);
  }

  /** Stops recording into {@code target}; it stays open (its owner closes it). */
  public void stopPublishingTo(MeterRegistry target) {
    registry.remove(target);
  }

  /** The registry SignLink's meters are registered in; it forwards to every published target. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void onEvent(ConnectionEvent event) {
    String provider = event.providerId() == null ? "unknown" : event.providerId();
    switch (event.type()) {
      case REFRESHED -> counter("signlink.refreshes", "provider", provider).increment();
      case REFRESH_FAILED ->
          counter(
                  "signlink.refresh.failures",
                  "provider",
                  provider,
                  "reason",
                  reason(event.detail()))
              .increment();
      case REAUTH_REQUIRED -> counter("signlink.reauth.required", "provider", provider).increment();
      case REFRESH_TOKEN_EXPIRING ->
          counter("signlink.refresh.token.expiring", "provider", provider).increment();
      case CREATED -> counter("signlink.connections.created", "provider", provider).increment();
      case REVOKED, DELETED ->
          counter("signlink.connections.removed", "provider", provider).increment();
      default -> {}
    }
  }

  /**
   * Counts this instance's webhook attempts by outcome: {@code
   * signlink_webhook_deliveries_total{outcome="delivered|retried|gave_up"}} (SECURITY.md
   * §durable-webhooks).
   */
  public <T> void countWebhookDeliveries(
      T source, ToLongFunction<T> delivered, ToLongFunction<T> retried, ToLongFunction<T> gaveUp) {
    webhookCounter(source, "delivered", delivered);
    webhookCounter(source, "retried", retried);
    webhookCounter(source, "gave_up", gaveUp);
  }

  // Micrometer holds a function counter's object weakly: it must be the long-lived sender itself,
  // not a lambda nothing else holds, or the counter freezes at its last value once that is
  // collected.
  private <T> void webhookCounter(T source, String outcome, ToLongFunction<T> count) {
    FunctionCounter.builder("signlink.webhook.deliveries", source, s -> count.applyAsLong(s))
        .description("Webhook attempts of this instance, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  public void flowStarted(String provider) {
    counter("signlink.flows.started", "provider", provider).increment();
  }

  /** {@code outcome} is {@code success} or the stable error code. */
  public void flowCompleted(String provider, String outcome) {
    counter("signlink.flows.completed", "provider", provider, "outcome", outcome).increment();
  }

  /**
   * Times one served request. The timer of each method, route pattern and status is looked up in
   * the registry once and then kept: a registry lookup (tags sorted, meter id hashed) per request
   * was a measurable part of a proxied call's cost. Routes are patterns, so the set stays small.
   */
  public void requestTimed(String method, String route, int status, Duration took) {
    RequestKey key = new RequestKey(method, route, status);
    Timer timer = requestTimers.get(key);
    if (timer == null) {
      if (requestTimers.size() >= MAX_REQUEST_TIMERS) {
        requestTimers.clear();
      }
      timer =
          requestTimers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("signlink.http.server.requests")
                      .description("HTTP requests served by SignLink")
                      .tag("method", method)
                      .tag("route", route)
                      .tag("status", Integer.toString(status))
                      .register(registry));
    }
    timer.record(took);
  }

  private record RequestKey(String method, String route, int status) {}

  private static final int MAX_REQUEST_TIMERS = 4096;
  private final ConcurrentHashMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();

  /** Latency of work that reaches a provider: token hand-out, proxy call, test call. */
  public Timer providerTimer(String operation, String provider) {
    return Timer.builder("signlink.provider.calls")
        .description("Calls that may reach a provider, by operation")
        .tag("operation", operation)
        .tag("provider", provider)
        .register(registry);
  }

  private Counter counter(String name, String... tags) {
    return Counter.builder(name).tags(tags).register(registry);
  }

  /** Event details are short codes from the token manager; keep label cardinality bounded. */
  static String reason(String detail) {
    if (detail == null || detail.isBlank()) {
      return "unknown";
    }
    String first = detail.strip().split("[\\s:(]", 2)[0].toLowerCase(Locale.ROOT);
    return first.matches("[a-z0-9_.-]{1,40}") ? first : "other";
  }

  /** Detaches every target (never closing one: they belong to whoever published them). */
  @Override
  public void close() {
    for (MeterRegistry target : List.copyOf(registry.getRegistries())) {
      registry.remove(target);
    }
    registry.close();
  }
}
