package io.signlink.connection;

import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of one connection across instances, run by the single in-process leader (the
 * in-process single flight lives in {@link TokenManager}). The steps, in order:
 *
 * <ol>
 *   <li>Take the connection's database lease (SECURITY.md §single-refresh); while another instance
 *       holds it, poll the row and use that instance's tokens as soon as they answer the demand.
 *   <li>Holding the lease, re-read the row: if another instance refreshed meanwhile, use its tokens
 *       and send nothing (SECURITY.md §single-refresh).
 *   <li>Send the refresh; on transient faults retry at most {@code maxRetries} times with backoff
 *       and jitter, honouring {@code Retry-After} under a cap (SECURITY.md §provider-faults),
 *       renewing the lease before each retry; a lost answer is retried once with the same refresh
 *       token (SECURITY.md §lost-refresh).
 *   <li>Commit the merged tokens by compare-and-set before anyone is answered, with no other I/O
 *       between the answer and the commit (SECURITY.md §rotation, §atomic-writes, §lost-refresh);
 *       retry a failed commit a few times while the new tokens are held in memory only (SECURITY.md
 *       §atomic-writes).
 *   <li>Release the lease.
 * </ol>
 *
 * <p>Failure rules live here, one home each: {@link #afterInvalidGrant} (SECURITY.md §dead-grant,
 * §lost-refresh), {@link #afterClientProblem} (SECURITY.md §cooldown). Thread-safe: it holds no
 * per-call state.
 */
final class LeasedRefresh {
  private static final Logger log = LoggerFactory.getLogger(LeasedRefresh.class);
  private static final int COMMIT_ATTEMPTS = 3;
  static final String LOST_AFTER_ROTATION = "refresh response lost after rotation";

  private final ConnectionStore store;
  private final TokenRefresher refresher;
  private final TokenManagerSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final RefreshGate gate;
  private final ConnectionEventListener events;

  LeasedRefresh(
      ConnectionStore store,
      TokenRefresher refresher,
      TokenManagerSettings settings,
      Clock clock,
      Sleeper sleeper,
      Backoff backoff,
      RefreshGate gate,
      ConnectionEventListener events) {
    this.store = store;
    this.refresher = refresher;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.gate = gate;
    this.events = events;
  }

  /**
   * Returns the connection with tokens that answer {@code demand}: refreshed here, or by another
   * instance while this one waited.
   *
   * @throws ReauthRequiredException when the grant is dead (the row is marked first)
   * @throws TransientException when the provider or database stayed unavailable, or another
   *     instance's refresh did not finish within the lease wait
   * @throws ProviderRejectedException for client-configuration errors (SECURITY.md §cooldown) and
   *     other OAuth errors
   */
  Connection refresh(String connectionId, Demand demand) {
    Instant giveUpAt = clock.instant().plus(settings.leaseWait());
    while (true) {
      if (store.tryLease(connectionId, settings.holder(), settings.leaseTtl())) {
        try {
          return refreshHoldingLease(connectionId, demand);
        } finally {
          release(connectionId);
        }
      }
      Connection row = read(connectionId);
      if (demand.satisfiedBy(row, clock.instant())) {
        return row; // another instance refreshed while we waited (SECURITY.md §single-refresh)
      }
      if (clock.instant().isAfter(giveUpAt)) {
        throw new TransientException(
            TransientException.Kind.BUSY,
            "Another instance has been refreshing connection "
                + connectionId
                + " for over "
                + settings.leaseWait().toSeconds()
                + " s; retry shortly",
            settings.leasePoll(),
            false,
            null);
      }
      pause(settings.leasePoll());
    }
  }

  private Connection refreshHoldingLease(String connectionId, Demand demand) {
    Connection row = read(connectionId); // SECURITY.md §single-refresh: re-check after the lock
    if (demand.satisfiedBy(row, clock.instant())) {
      return row;
    }
    return sendWithRetries(row, demand);
  }

  private Connection sendWithRetries(Connection row, Demand demand) {
    int retries = 0;
    boolean outcomeUnknown = false;
    boolean raceRetried = false;
    while (true) {
      TokenSet received;
      try {
        received = refresher.refresh(row);
      } catch (ProviderRejectedException e) {
        if (e.isInvalidGrant()) {
          Connection current = read(row.id());
          if (!raceRetried && refreshTokenChanged(row, current)) {
            // SECURITY.md §dead-grant: a lost race is not a dead grant; use or retry with the newer
            // refresh token
            if (demand.satisfiedBy(current, clock.instant())) {
              return current;
            }
            raceRetried = true;
            row = current;
            continue;
          }
          return afterInvalidGrant(current, e, outcomeUnknown || gate.wasOutcomeLost(row.id()));
        }
        if (e.isClientProblem()) {
          throw afterClientProblem(row, e);
        }
        throw e;
      } catch (TransientException e) {
        if (e.outcomeUnknown()) {
          gate.outcomeLost(row.id());
          if (outcomeUnknown) {
            throw e; // SECURITY.md §lost-refresh: one retry with the same refresh token, never a
            // loop
          }
          outcomeUnknown = true;
        }
        Optional<Duration> delay = backoff.beforeRetry(retries + 1, e.retryAfter());
        if (retries >= settings.maxRetries() || delay.isEmpty()) {
          throw e;
        }
        retries++;
        log.info(
            "Refresh of connection {} at {} failed ({}); retry {} of {} in {} ms",
            row.id(),
            row.providerId(),
            e.code(),
            retries,
            settings.maxRetries(),
            delay.get().toMillis());
        pause(delay.get());
        renewLease(row.id());
        continue;
      }
      // SECURITY.md §lost-refresh: nothing but the commit between the provider's answer and the
      // caller's answer
      return commit(row, received);
    }
  }

  /**
   * {@code invalid_grant} after the race re-check (SECURITY.md §dead-grant): the grant is dead.
   * Marks the row {@code REAUTH_REQUIRED} with the reason, emits an event, and throws with the
   * re-consent link. When the previous answer was lost on its way back (SECURITY.md §lost-refresh),
   * the reason says so: the provider rotated the refresh token and SignLink never saw the new one.
   */
  private Connection afterInvalidGrant(
      Connection current, ProviderRejectedException e, boolean outcomeWasLost) {
    String reason =
        outcomeWasLost
            ? LOST_AFTER_ROTATION
            : "the provider refused the refresh token (invalid_grant"
                + (e.description() == null || e.description().isEmpty()
                    ? ""
                    : ": " + e.description())
                + ")";
    Connection dead = current.withStatus(ConnectionStatus.REAUTH_REQUIRED, reason, clock.instant());
    Optional<Connection> stored = store.compareAndSet(dead);
    if (stored.isEmpty()) {
      Connection again = read(current.id());
      if (again.status() == ConnectionStatus.ACTIVE && refreshTokenChanged(current, again)) {
        return again; // reconnected or refreshed while we decided; its tokens are the truth
      }
      dead = again;
    } else {
      dead = stored.get();
      log.warn(
          "Connection {} at {} needs the user to reconnect: {}",
          dead.id(),
          dead.providerId(),
          reason);
      emit(ConnectionEvent.Type.REAUTH_REQUIRED, dead, reason);
    }
    throw reauth(dead);
  }

  /**
   * {@code invalid_client}/{@code unauthorized_client} (SECURITY.md §cooldown): the client's own
   * setup is wrong, so no user connection is marked; refreshes of the whole provider pause and it
   * is reported once.
   */
  private ProviderRejectedException afterClientProblem(
      Connection row, ProviderRejectedException e) {
    if (gate.pauseProvider(row.providerId(), clock.instant())) {
      log.error(
          "{} refused SignLink's client credentials ({}); refreshes for this provider are paused"
              + " for {} s. Check the client id and secret; user connections are left as they are.",
          row.providerId(),
          e.oauthError(),
          settings.providerPause().toSeconds());
      emit(ConnectionEvent.Type.REFRESH_FAILED, row, "client rejected: " + e.oauthError());
    }
    return e;
  }

  private Connection commit(Connection row, TokenSet received) {
    Instant now = clock.instant();
    Connection changed = row.withRefreshedTokens(row.tokens().mergeRefreshed(received), now);
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<Connection> stored = store.compareAndSet(changed);
        if (stored.isPresent()) {
          gate.succeeded(row.id());
          emit(ConnectionEvent.Type.REFRESHED, stored.get(), null);
          return stored.get();
        }
        Connection current = read(row.id());
        if (refreshTokenChanged(row, current)) {
          // reconnected (a new grant) while we refreshed: the newer grant wins (SECURITY.md
          // §atomic-writes)
          return current;
        }
        // only metadata changed (account selection, scopes): apply our tokens to the new row
        changed = current.withRefreshedTokens(current.tokens().mergeRefreshed(received), now);
      } catch (TransientException e) {
        if (attempt >= COMMIT_ATTEMPTS) {
          log.error(
              "Could not store the refreshed tokens of connection {} at {} ({}); if the provider"
                  + " rotated the refresh token the connection will need the user to reconnect",
              row.id(),
              row.providerId(),
              e.code());
          throw e; // SECURITY.md §atomic-writes
        }
        pause(Duration.ofMillis(100L * attempt));
      }
    }
  }

  private Connection read(String connectionId) {
    Connection row = existing(connectionId);
    if (row.status() != ConnectionStatus.ACTIVE) {
      throw reauth(row);
    }
    return row;
  }

  /** The stored row, whatever its status; a missing one is {@code NOT_FOUND}. */
  Connection existing(String connectionId) {
    return store
        .find(connectionId)
        .orElseThrow(
            () ->
                new StoreException(
                    StoreException.Kind.NOT_FOUND,
                    "Connection " + connectionId + " does not exist (deleted?); connect again",
                    null));
  }

  ReauthRequiredException reauth(Connection row) {
    String reason =
        row.statusReason() != null
            ? row.statusReason()
            : row.status() == ConnectionStatus.REVOKED
                ? "the connection was revoked"
                : "the grant is no longer valid";
    return new ReauthRequiredException(row.id(), reason, settings.reconnectUrlFor(row));
  }

  private static boolean refreshTokenChanged(Connection before, Connection after) {
    Secret a = before.tokens().refreshToken();
    Secret b = after.tokens() == null ? null : after.tokens().refreshToken();
    return !Objects.equals(a, b);
  }

  private void renewLease(String connectionId) {
    if (!store.tryLease(connectionId, settings.holder(), settings.leaseTtl())) {
      throw new TransientException(
          TransientException.Kind.BUSY,
          "Lost the refresh lease of connection " + connectionId + " while retrying; retry shortly",
          null,
          false,
          null);
    }
  }

  private void release(String connectionId) {
    try {
      store.releaseLease(connectionId, settings.holder());
    } catch (RuntimeException e) {
      // the lease expires by itself after its TTL (SECURITY.md §lost-refresh)
      log.warn(
          "Could not release the refresh lease of connection {}: {}",
          connectionId,
          e.getClass().getSimpleName());
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientException(
          TransientException.Kind.BUSY,
          "Interrupted while waiting to refresh; retry",
          null,
          false,
          e);
    }
  }

  private void emit(ConnectionEvent.Type type, Connection c, String detail) {
    events.onEvent(ConnectionEvent.of(type, c, clock.instant(), detail));
  }
}
