package io.signlink.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one home of "may I refresh now?": a per-connection failure cooldown, so automatic refreshes
 * do not hammer a provider that is down (SECURITY.md §cooldown; forced refreshes bypass it), and a
 * per-provider pause after {@code invalid_client}/{@code unauthorized_client}, when the client's
 * own configuration is wrong and no user connection is to blame (SECURITY.md §cooldown). In-process
 * state only; each instance learns for itself. Thread-safe.
 */
final class RefreshGate {
  private final Duration cooldown;
  private final Duration pause;
  private final Map<String, Instant> cooldownUntil = new ConcurrentHashMap<>();
  private final Map<String, Instant> providerPausedUntil = new ConcurrentHashMap<>();
  private final Map<String, Boolean> outcomeUnknown = new ConcurrentHashMap<>();

  RefreshGate(Duration cooldown, Duration pause) {
    this.cooldown = cooldown;
    this.pause = pause;
  }

  /** When a refresh of {@code c} may be sent again, or empty when it may be sent now. */
  Optional<Instant> blockedUntil(Connection c, boolean forced, Instant now) {
    Instant paused = providerPausedUntil.get(c.providerId());
    if (paused != null && now.isBefore(paused)) {
      return Optional.of(
          paused); // SECURITY.md §cooldown: even a forced refresh would fail the same way
    }
    Instant cool = cooldownUntil.get(c.id());
    if (!forced && cool != null && now.isBefore(cool)) {
      return Optional.of(cool);
    }
    return Optional.empty();
  }

  /** Starts the cooldown of a connection whose refresh failed; returns its end. */
  Instant failed(String connectionId, Instant now) {
    Instant until = now.plus(cooldown);
    cooldownUntil.put(connectionId, until);
    return until;
  }

  void succeeded(String connectionId) {
    cooldownUntil.remove(connectionId);
    outcomeUnknown.remove(connectionId);
  }

  /** Pauses a provider; true when it was not paused already (so it is reported once). */
  boolean pauseProvider(String providerId, Instant now) {
    Instant until = now.plus(pause);
    Instant previous = providerPausedUntil.put(providerId, until);
    return previous == null || !now.isBefore(previous);
  }

  /** Lifts a provider pause, e.g. after its client configuration was fixed. */
  void resumeProvider(String providerId) {
    providerPausedUntil.remove(providerId);
  }

  /** Providers whose refreshes are paused at {@code now}, with the pause end. */
  Map<String, Instant> pausedProviders(Instant now) {
    Map<String, Instant> out = new TreeMap<>();
    providerPausedUntil.forEach(
        (p, until) -> {
          if (now.isBefore(until)) {
            out.put(p, until);
          }
        });
    return out;
  }

  /**
   * Remembers that a refresh of this connection may have reached a rotating provider without its
   * answer arriving (SECURITY.md §lost-refresh), so a later {@code invalid_grant} is reported with
   * that cause.
   */
  void outcomeLost(String connectionId) {
    outcomeUnknown.put(connectionId, Boolean.TRUE);
  }

  boolean wasOutcomeLost(String connectionId) {
    return outcomeUnknown.containsKey(connectionId);
  }
}
