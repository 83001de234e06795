package io.signlink.emulator.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization requests waiting for the user's answer on the consent page. Each page gets a random
 * id, a CSRF token for its form and a browser-binding value set as a cookie; an answer is accepted
 * once, within ten minutes, from the browser that was shown the page.
 *
 * <p>Thread-safe: a concurrent map; {@link #take} removes atomically, so a double submit is
 * refused.
 */
public final class PendingConsents {

  static final Duration LIFETIME = Duration.ofMinutes(10);

  /** A consent page awaiting an answer. {@link #toString()} prints no secret value. */
  public record Pending(
      String id,
      AuthorizationRequest request,
      String csrfToken,
      String browserBinding,
      Instant expiresAt) {
    @Override
    public String toString() {
      return "Pending[" + request + "]";
    }
  }

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Clock clock;
  private final RandomValues random;

  public PendingConsents(Clock clock, RandomValues random) {
    this.clock = clock;
    this.random = random;
  }

  public Pending add(AuthorizationRequest request) {
    Instant now = clock.instant();
    if (pending.size() > 1000) {
      pending.values().removeIf(p -> p.expiresAt().isBefore(now));
    }
    Pending p =
        new Pending(random.next(), request, random.next(), random.next(), now.plus(LIFETIME));
    pending.put(p.id(), p);
    return p;
  }

  public Optional<Pending> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(pending.get(id));
  }

  /** Removes {@code p}; false if another request already took it. */
  public boolean take(Pending p) {
    return pending.remove(p.id(), p);
  }

  public boolean isExpired(Pending p) {
    return !clock.instant().isBefore(p.expiresAt());
  }
}
