package io.signlink.connection;

import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.RefreshAnswerCheck;
import io.signlink.oauth.RejectedRefreshAnswer;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.RefreshTokenPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of one connection across instances, run by the single in-process leader (the
 * in-process single flight lives in {@link TokenManager}). The steps, in order:
 *
 * <ol>
 *   <li>Take the connection's database lease (SECURITY.md §single-refresh). The lease is short (1.5
 *       s by default) and renewed by a heartbeat every third of it while the refresh runs, so a
 *       holder that dies (kill -9, lost host) stops blocking the other instances within the TTL.
 *       While another instance holds it, an ordinary caller whose current token still has more than
 *       the floor gets that token at once ({@link Demand#usableMeanwhile}); only callers with no
 *       usable token poll the row, and use the other instance's tokens as soon as they answer.
 *   <li>Holding the lease, re-read the row: if another instance refreshed meanwhile, use its tokens
 *       and send nothing (SECURITY.md §single-refresh). A lease taken over from a holder that never
 *       released it means that holder may have sent a refresh whose outcome nobody saw (SECURITY.md
 *       §lost-refresh): the refresh goes ahead with the stored token, and an {@code invalid_grant}
 *       then is recorded as {@link #OUTCOME_LOST}, not as a provider refusal.
 *   <li>Send the refresh; on transient faults retry at most {@code maxRetries} times with backoff
 *       and jitter, honouring {@code Retry-After} under a cap (SECURITY.md §provider-faults); a
 *       lost answer is retried once with the same refresh token, and, for a provider that documents
 *       a reuse grace ({@link RefreshTokenPolicy#reuseGrace()}), only while that grace lasts
 *       (SECURITY.md §lost-refresh).
 *   <li>Commit the merged tokens by compare-and-set before anyone is answered, with no other I/O
 *       between the answer and the commit (SECURITY.md §rotation, §atomic-writes, §lost-refresh);
 *       retry a failed commit a few times while the new tokens are held in memory only (SECURITY.md
 *       §atomic-writes).
 *   <li>Stop the heartbeat and release the lease.
 * </ol>
 *
 * <p>Failure rules live here, one home each: {@link #afterInvalidGrant} (SECURITY.md §dead-grant,
 * §lost-refresh), {@link #afterClientProblem} (SECURITY.md §cooldown). Thread-safe: it holds no
 * per-call state.
 */
final class LeasedRefresh {
  private static final Logger log = LoggerFactory.getLogger(LeasedRefresh.class);
  private static final int COMMIT_ATTEMPTS = 3;

  /**
   * The status reason (and event detail) of a connection lost because a refresh's outcome was never
   * seen and the provider then refused the refresh token it may have rotated.
   */
  static final String OUTCOME_LOST = "refresh_outcome_lost";

  private final ConnectionStore store;
  private final TokenRefresher refresher;
  private final TokenManagerSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final RefreshGate gate;
  private final ConnectionEventListener events;
  private final Function<String, RefreshTokenPolicy> policies;
  private final ScheduledExecutorService heartbeats;

  /** Set when this thread committed a refresh it sent, for the background refresher's counts. */
  private final ThreadLocal<Boolean> committedHere = ThreadLocal.withInitial(() -> Boolean.FALSE);

  LeasedRefresh(
      ConnectionStore store,
      TokenRefresher refresher,
      TokenManagerSettings settings,
      Clock clock,
      Sleeper sleeper,
      Backoff backoff,
      RefreshGate gate,
      ConnectionEventListener events,
      Function<String, RefreshTokenPolicy> policies,
      ScheduledExecutorService heartbeats) {
    this.store = store;
    this.refresher = refresher;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.gate = gate;
    this.events = events;
    this.policies = policies;
    this.heartbeats = heartbeats;
  }

  /**
   * Returns the connection with tokens that answer {@code demand}: refreshed here, or by another
   * instance while this one waited.
   *
   * @throws ReauthRequiredException when the grant is dead (the row is marked first)
   * @throws TransientException when the provider or database stayed unavailable; {@code BUSY} when
   *     another instance holds the lease and the caller may use its current token meanwhile, or
   *     that instance's refresh did not finish within the lease wait
   * @throws ProviderRejectedException for client-configuration errors (SECURITY.md §cooldown) and
   *     other OAuth errors
   */
  Connection refresh(String connectionId, Demand demand) {
    Instant giveUpAt = clock.instant().plus(settings.leaseWait());
    while (true) {
      ConnectionStore.LeaseGrant grant =
          store.acquireLease(connectionId, settings.holder(), settings.leaseTtl());
      if (grant.granted()) {
        Heartbeat heartbeat = new Heartbeat(connectionId);
        try {
          return refreshHoldingLease(
              connectionId, demand, grant == ConnectionStore.LeaseGrant.TAKEN_OVER);
        } finally {
          heartbeat.stop();
          release(connectionId);
        }
      }
      Connection row = read(connectionId);
      Instant now = clock.instant();
      if (demand.satisfiedBy(row, now)) {
        return row; // another instance refreshed while we waited (SECURITY.md §single-refresh)
      }
      if (demand.usableMeanwhile(row, now)) {
        throw new TransientException(
            TransientException.Kind.BUSY,
            "Another instance is refreshing connection " + connectionId + "; its token still holds",
            settings.leasePoll(),
            false,
            null);
      }
      if (now.isAfter(giveUpAt)) {
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

  /**
   * Renews the lease every third of its TTL until stopped, so only a dead (or badly stalled) holder
   * loses it. {@link #stop()} waits out a renewal in progress, so none can re-take the lease after
   * it was released.
   */
  private final class Heartbeat {
    private final String connectionId;
    private final ScheduledFuture<?> task;
    private boolean stopped; // guarded by this

    Heartbeat(String connectionId) {
      this.connectionId = connectionId;
      long every = Math.max(1, settings.leaseHeartbeat().toMillis());
      this.task =
          heartbeats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    private synchronized void beat() {
      if (stopped) {
        return;
      }
      try {
        if (!store.tryLease(connectionId, settings.holder(), settings.leaseTtl())) {
          log.warn(
              "Lost the refresh lease of connection {} while refreshing (this instance stalled"
                  + " for longer than the lease TTL)",
              connectionId);
        }
      } catch (RuntimeException e) {
        log.warn(
            "Could not renew the refresh lease of connection {}: {}",
            connectionId,
            e.getClass().getSimpleName());
      }
    }

    synchronized void stop() {
      stopped = true;
      task.cancel(false);
    }
  }

  private Connection refreshHoldingLease(String connectionId, Demand demand, boolean takenOver) {
    Connection row = read(connectionId); // SECURITY.md §single-refresh: re-check after the lock
    if (demand.satisfiedBy(row, clock.instant())) {
      return row;
    }
    if (takenOver) {
      // the previous holder died or stalled holding the lease: it may have sent this very refresh
      // token and never stored the answer (SECURITY.md §lost-refresh)
      gate.outcomeLost(row);
      log.info(
          "Took over the refresh lease of connection {} from an instance that never released it",
          connectionId);
    }
    return sendWithRetries(row, demand);
  }

  private Connection sendWithRetries(Connection row, Demand demand) {
    int retries = 0;
    Instant lostAt = null;
    boolean raceRetried = false;
    RefreshTokenPolicy policy = policyOf(row.providerId());
    while (true) {
      TokenSet received;
      try {
        received = refresher.refresh(row);
      } catch (RejectedRefreshAnswer rejected) {
        return afterRejectedAnswer(row, rejected);
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
          return afterInvalidGrant(current, e, lostAt != null || gate.wasOutcomeLost(row));
        }
        if (e.isClientProblem()) {
          throw afterClientProblem(row, e);
        }
        throw e;
      } catch (TransientException e) {
        if (e.outcomeUnknown()) {
          gate.outcomeLost(row);
          if (lostAt != null) {
            throw e; // SECURITY.md §lost-refresh: one retry with the same refresh token, never a
            // loop
          }
          lostAt = clock.instant();
        }
        Optional<Duration> delay = backoff.beforeRetry(retries + 1, e.retryAfter());
        if (retries >= settings.maxRetries() || delay.isEmpty()) {
          throw e;
        }
        if (lostAt != null && !withinReuseGrace(policy, lostAt, delay.get())) {
          throw e; // the provider's reuse grace would be over before the retry is sent
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
   * The per-provider retry rule after a lost answer (SECURITY.md §lost-refresh): where the provider
   * documents a reuse grace, the same refresh token is sent again only while the grace lasts (with
   * a quarter of it kept as slack for the request's own travel); elsewhere the single retry is
   * always tried, because a request that never arrived is the common case and a rotated token is
   * lost either way.
   */
  private boolean withinReuseGrace(RefreshTokenPolicy policy, Instant lostAt, Duration delay) {
    return policy
        .reuseGraceWindow()
        .map(
            grace ->
                clock.instant().plus(delay).isBefore(lostAt.plus(grace.minus(grace.dividedBy(4)))))
        .orElse(true);
  }

  private RefreshTokenPolicy policyOf(String providerId) {
    RefreshTokenPolicy p = policies.apply(providerId);
    return p == null ? RefreshTokenPolicy.NONE : p;
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
            ? OUTCOME_LOST
                + ": a refresh was sent but its answer was never stored (lost response, or the"
                + " instance sending it stopped), and the provider has since refused the refresh"
                + " token it may have rotated; the user must reconnect"
            : "the provider refused the refresh token (invalid_grant"
                + (e.description() == null || e.description().isEmpty()
                    ? ""
                    : ": " + e.description())
                + ")";
    Connection dead = current.withStatus(ConnectionStatus.REAUTH_REQUIRED, reason, clock.instant());
    Optional<Connection> stored =
        casWithEvents(
            dead,
            c ->
                outcomeWasLost
                    ? List.of(
                        // counted apart from provider refusals
                        // (signlink_refresh_failures_total{reason=...})
                        event(ConnectionEvent.Type.REFRESH_FAILED, c, OUTCOME_LOST),
                        event(ConnectionEvent.Type.REAUTH_REQUIRED, c, reason))
                    : List.of(event(ConnectionEvent.Type.REAUTH_REQUIRED, c, reason)));
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
    }
    throw reauth(dead);
  }

  /**
   * A 200 answer that failed a check (docs/REFRESH-ANSWERS.md): the refresh token it rotated is
   * committed first, by compare-and-set, with the failed check as the status reason (SECURITY.md
   * §rotation); no other token of the answer is kept. A {@code REVOKE_GRANT} check marks the
   * connection {@code REAUTH_REQUIRED} (the refresher already revoked the grant at the provider);
   * otherwise it stays active and the answer's error is thrown, so the next attempt refreshes with
   * the new refresh token.
   */
  private Connection afterRejectedAnswer(Connection row, RejectedRefreshAnswer rejected) {
    boolean revoke = rejected.check().consequence() == RefreshAnswerCheck.Consequence.REVOKE_GRANT;
    ConnectionStatus status = revoke ? ConnectionStatus.REAUTH_REQUIRED : ConnectionStatus.ACTIVE;
    String reason = rejected.statusReason();
    ConnectionEvent.Type type =
        revoke ? ConnectionEvent.Type.REAUTH_REQUIRED : ConnectionEvent.Type.REFRESH_FAILED;
    Connection current = row;
    boolean reported = false;
    for (int attempt = 1; ; attempt++) {
      Connection marked =
          current
              .withStatus(status, reason, clock.instant())
              .withRotatedRefreshToken(rejected.rotatedRefreshToken(), rejected.refreshExpiresAt());
      try {
        Optional<Connection> stored = casWithEvents(marked, c -> List.of(event(type, c, reason)));
        if (stored.isPresent()) {
          current = stored.get();
          reported = true;
          break;
        }
        Connection again = existing(row.id());
        if (refreshTokenChanged(row, again) || again.status() != ConnectionStatus.ACTIVE) {
          // reconnected or revoked meanwhile: that newer decision wins (SECURITY.md §rotation)
          current = again;
          break;
        }
        current = again; // only metadata changed: apply the rotation to the new row
      } catch (TransientException e) {
        if (attempt >= COMMIT_ATTEMPTS) {
          log.error(
              "Could not store the refresh token rotated by a rejected answer for connection {}"
                  + " at {} ({})",
              row.id(),
              row.providerId(),
              e.code());
          throw e;
        }
        pause(Duration.ofMillis(100L * attempt));
      }
    }
    log.warn(
        "Refresh of connection {} at {} rejected ({}); {}",
        row.id(),
        row.providerId(),
        reason,
        revoke ? "the user must consent again" : "the new refresh token was kept");
    if (!reported) {
      emit(type, current, reason);
    }
    if (revoke && current.status() != ConnectionStatus.ACTIVE) {
      throw reauth(current);
    }
    throw rejected.reason();
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
        Optional<Connection> stored =
            casWithEvents(changed, c -> List.of(event(ConnectionEvent.Type.REFRESHED, c, null)));
        if (stored.isPresent()) {
          committedHere.set(Boolean.TRUE);
          gate.succeeded(row.id());
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

  /** True when this thread committed a refresh since the last call; resets the mark. */
  boolean takeCommittedHere() {
    boolean was = committedHere.get();
    committedHere.remove();
    return was;
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
    events.onEvent(event(type, c, detail));
  }

  private ConnectionEvent event(ConnectionEvent.Type type, Connection c, String detail) {
    return ConnectionEvent.of(type, c, clock.instant(), detail);
  }

  /**
   * {@link ConnectionStore#compareAndSet}, with the events of the stored row recorded in the same
   * transaction (SECURITY.md §durable-webhooks); none when another writer won.
   */
  private Optional<Connection> casWithEvents(
      Connection changed, Function<Connection, List<ConnectionEvent>> eventsOf) {
    return events.afterWrite(
        store,
        () -> store.compareAndSet(changed),
        stored -> stored.map(eventsOf).orElse(List.of()));
  }
}
