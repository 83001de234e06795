package io.signlink.oauth;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: where authorization requests in flight are kept between {@code begin} and the callback. The
 * server uses the database (a callback may land on any instance); the CLI keeps them in memory.
 * Implementations are thread-safe.
 */
public interface PendingAuthorizationStore {

  /** Saves a new pending authorization; its state must not exist yet. */
  void save(PendingAuthorization pending);

  /**
   * Removes and returns the pending authorization for {@code state}, atomically: of two concurrent
   * takes of one state exactly one gets it (SECURITY.md §pending-authorizations). Returns it even
   * when expired, so the caller can say "expired" rather than "unknown"; the caller checks {@link
   * PendingAuthorization#expiredAt(Instant)}.
   */
  Optional<PendingAuthorization> take(String state);

  /** Deletes every pending authorization that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}
