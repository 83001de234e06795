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
 * own configuration is wrong and no user connection is to blame (SECURITY.md §cooldown).
 *
 * <p>Failure state belongs to the grant it was learnt on: it is keyed by the time the connection's
 * tokens were obtained, so a reconnect (a new consent) or a refresh by another instance, which
 * stores tokens obtained later, clears the cooldown, the lost-outcome mark and, for that
 * connection, the provider pause (the provider just accepted the client for it). In-process state
 * only; each instance learns for itself. Thread-safe.
 */
final class RefreshGate {
  private record Mark(Instant until, Instant tokensObtainedAt) {}

  private record Pause(Instant since, Instant until) {}

  private final Duration cooldown;
  private final Duration pause;
  private final Map<String, Mark> cooldownUntil = new ConcurrentHashMap<>();
  private final Map<String, Pause> providerPaused = new ConcurrentHashMap<>();
  private final Map<String, Instant> outcomeUnknown = new ConcurrentHashMap<>();

  RefreshGate(Duration cooldown, Duration pause) {
    this.cooldown = cooldown;
    this.pause = pause;
  }

  /** When a refresh of {@code c} may be sent again, or empty when it may be sent now. */
  Optional<Instant> blockedUntil(Connection c, boolean forced, Instant now) {
    Instant obtained = c.tokens().receivedAt();
    Pause paused = providerPaused.get(c.providerId());
    if (paused != null && now.isBefore(paused.until()) && !obtained.isAfter(paused.since())) {
      // SECURITY.md §cooldown: even a forced refresh would fail the same way
      return Optional.of(paused.until());
    }
    Mark cool = cooldownUntil.get(c.id());
    if (cool != null && !cool.tokensObtainedAt().equals(obtained)) {
      cooldownUntil.remove(c.id(), cool); // reconnected or refreshed elsewhere since: a clean slate
      return Optional.empty();
    }
    if (!forced && cool != null && now.isBefore(cool.until())) {
      return Optional.of(cool.until());
    }
    return Optional.empty();
  }

  /** Starts the cooldown of a connection whose refresh of {@code row}'s tokens failed. */
  Instant failed(Connection row, Instant now) {
    Instant until = now.plus(cooldown);
    cooldownUntil.put(row.id(), new Mark(until, row.tokens().receivedAt()));
    return until;
  }

  void succeeded(String connectionId) {
    cooldownUntil.remove(connectionId);
    outcomeUnknown.remove(connectionId);
  }

  /** Pauses a provider; true when it was not paused already (so it is reported once). */
  boolean pauseProvider(String providerId, Instant now) {
    Pause previous = providerPaused.put(providerId, new Pause(now, now.plus(pause)));
    return previous == null || !now.isBefore(previous.until());
  }

  /** Lifts a provider pause, e.g. after its client configuration was fixed. */
  void resumeProvider(String providerId) {
    providerPaused.remove(providerId);
  }

  /** Providers whose refreshes are paused at {@code now}, with the pause end. */
  Map<String, Instant> pausedProviders(Instant now) {
    Map<String, Instant> out = new TreeMap<>();
    providerPaused.forEach(
        (p, paused) -> {
          if (now.isBefore(paused.until())) {
            out.put(p, paused.until());
          }
        });
    return out;
  }

  /**
   * Remembers that a refresh of {@code row}'s refresh token may have reached a rotating provider
   * without its answer arriving (SECURITY.md §lost-refresh), so a later {@code invalid_grant} for
   * the same token is reported with that cause.
   */
  void outcomeLost(Connection row) {
    outcomeUnknown.put(row.id(), row.tokens().receivedAt());
  }

  boolean wasOutcomeLost(Connection row) {
    return row.tokens().receivedAt().equals(outcomeUnknown.get(row.id()));
  }
}
