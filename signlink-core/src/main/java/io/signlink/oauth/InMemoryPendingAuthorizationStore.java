package io.signlink.oauth;

import io.signlink.error.TransientException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pending authorizations in process memory, for the CLI and tests (a server with several instances
 * keeps them in the database instead). {@link #take(String)} is an atomic remove, so of two
 * concurrent callbacks with one state exactly one wins (SECURITY.md §pending-authorizations). The
 * map is bounded: when full, expired entries are purged first and a save is refused if it is still
 * full (SECURITY.md §pending-authorizations).
 *
 * <p>Thread-safe.
 */
public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final ConcurrentMap<String, PendingAuthorization> byState = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxEntries;

  public InMemoryPendingAuthorizationStore(Clock clock) {
    this(clock, DEFAULT_MAX_ENTRIES);
  }

  public InMemoryPendingAuthorizationStore(Clock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public void save(PendingAuthorization pending) {
    if (byState.size() >= maxEntries) {
      purgeExpired(clock.instant());
      if (byState.size() >= maxEntries) {
        throw new TransientException(
            TransientException.Kind.BUSY,
            "Too many sign-ins are in progress (" + maxEntries + "); try again in a few minutes",
            null,
            false,
            null);
      }
    }
    if (byState.putIfAbsent(pending.state().reveal(), pending) != null) {
      // 256 random bits never collide; a duplicate means a caller saved the same request twice.
      throw new IllegalStateException("this pending authorization was already saved");
    }
  }

  @Override
  public Optional<PendingAuthorization> take(String state) {
    return state == null ? Optional.empty() : Optional.ofNullable(byState.remove(state));
  }

  @Override
  public int purgeExpired(Instant now) {
    int removed = 0;
    for (var entry : byState.entrySet()) {
      if (entry.getValue().expiredAt(now) && byState.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /** How many are pending (expired ones included until purged). */
  public int size() {
    return byState.size();
  }
}
