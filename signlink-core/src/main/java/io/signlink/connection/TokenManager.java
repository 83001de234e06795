package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out access tokens that are valid for at least the safety margin, refreshing them at most
 * once per expiry whatever the number of callers and instances.
 *
 * <ul>
 *   <li><b>Hot path</b>: a cached token is returned after one map lookup and one clock read, with
 *       no I/O and no allocation (SECURITY.md §freshness).
 *   <li><b>Single flight</b>: concurrent callers of one connection share one in-flight refresh
 *       (SECURITY.md §single-refresh); across instances a database lease makes it one refresh in
 *       total, and the row is re-read after the lease (SECURITY.md §single-refresh); see {@link
 *       LeasedRefresh}.
 *   <li><b>Commit first</b>: new tokens, with a rotated refresh token, are stored by
 *       compare-and-set before any caller gets them (SECURITY.md §rotation, §atomic-writes,
 *       §lost-refresh).
 *   <li><b>Failing honestly</b>: a dead grant marks the connection {@code REAUTH_REQUIRED} and
 *       throws {@link ReauthRequiredException} (SECURITY.md §dead-grant); a dead connection is
 *       answered from the cache with no I/O; transient faults keep serving a still-valid token and
 *       start a cooldown (SECURITY.md §cooldown, SECURITY.md §provider-faults); a
 *       client-configuration error pauses the provider (SECURITY.md §cooldown).
 *   <li><b>Cross-instance invalidation</b>: {@link #followStoreChanges()} drops the cached state of
 *       a connection another instance changed, revoked or deleted, and everything when notices may
 *       have been lost; a cached "dead" answer is re-checked against the row every {@link
 *       TokenCache#DEAD_RECHECK} whatever the notices (SECURITY.md §cache-coherence).
 * </ul>
 *
 * <p>Thread-safe: one instance serves a whole process; build it once in the composition root.
 */
public final class TokenManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
  private static final int MAX_JOINS = 3;

  /** One in-process refresh of a connection and whether it was forced. */
  private record Flight(CompletableFuture<AccessToken> result, boolean forced) {}

  private final ConnectionStore store;
  private final TokenManagerSettings settings;
  private final Clock clock;
  private final Clock hotClock;
  private final RefreshGate gate;
  private final LeasedRefresh leased;
  private final TokenCache cache = new TokenCache();
  private final Map<String, Flight> inFlight = new ConcurrentHashMap<>();
  private final Demand normal;
  private volatile AutoCloseable subscription;

  private TokenManager(Builder b) {
    this.store = b.store;
    this.settings = b.settings;
    this.clock = b.clock;
    // the OS clock costs ~30 ns on some VMs; the default system clock gets a coarse hot-path reader
    this.hotClock = b.clockSet ? b.clock : new CoarseClock(b.clock, b.hotClockResolution);
    this.gate = new RefreshGate(settings.failureCooldown(), settings.providerPause());
    this.leased =
        new LeasedRefresh(
            store,
            b.refresher,
            settings,
            clock,
            b.sleeper,
            new Backoff(settings.retryBaseDelay(), settings.retryAfterCap(), b.random),
            gate,
            b.events);
    this.normal = Demand.fresh(settings.safetyMargin());
  }

  /** A builder for a manager over {@code store} that refreshes through {@code refresher}. */
  public static Builder builder(ConnectionStore store, TokenRefresher refresher) {
    return new Builder(store, refresher);
  }

  /**
   * An access token for the connection, valid for at least the safety margin.
   *
   * @throws ReauthRequiredException the grant is dead; send the user to {@code reconnectUrl()}
   * @throws TransientException the provider or database is unavailable and no valid token is left
   * @throws StoreException the connection does not exist, or its tokens do not decrypt
   * @throws io.signlink.error.ProviderRejectedException the provider refused SignLink's client
   */
  public AccessToken accessToken(String connectionId) {
    TokenCache.Entry e = cache.get(connectionId);
    if (e != null && hotClock.millis() < e.serveUntilMillis) {
      return e.token;
    }
    return slowPath(connectionId, normal);
  }

  /**
   * Refreshes now, bypassing the failure cooldown (SECURITY.md §cooldown), and returns a token
   * other than the one held before the call. Concurrent callers still share one refresh.
   *
   * @throws io.signlink.error.SignLinkException the refresh failed: unlike {@link #accessToken}, a
   *     manual refresh reports the provider's answer instead of quietly serving the old token
   *     (ordinary callers of the same connection keep getting it while it stays valid, SECURITY.md
   *     §provider-faults)
   */
  public AccessToken forceRefresh(String connectionId) {
    return slowPath(connectionId, new Demand(settings.safetyMargin(), null, true));
  }

  /**
   * A token to retry with after {@code rejected} was refused with a 401 (SECURITY.md
   * §retry-on-401): another caller's newer token if there is one, else a forced refresh. Never
   * returns {@code rejected}.
   */
  public AccessToken refreshAfterRejection(String connectionId, Secret rejected) {
    Objects.requireNonNull(rejected, "rejected");
    return slowPath(connectionId, Demand.replacing(settings.safetyMargin(), rejected));
  }

  /**
   * For the background refresher: makes the token valid for at least {@code window}, refreshing
   * only if it is not; while refreshing fails, the current token is returned if still usable.
   */
  AccessToken refreshAhead(String connectionId, Duration window) {
    return slowPath(connectionId, Demand.fresh(window));
  }

  /** Drops the cached state of a connection; the next call reads the store. */
  public void invalidate(String connectionId) {
    cache.invalidate(connectionId);
  }

  /**
   * Subscribes to the store's change notifications (PostgreSQL {@code LISTEN/NOTIFY}) so that a
   * connection refreshed, revoked or deleted by any instance stops being served from this cache;
   * when the store says notices may have been lost (its {@code LISTEN} connection came back after a
   * disconnect), the whole cache is dropped (SECURITY.md §cache-coherence). Idempotent; {@link
   * #close()} ends it.
   */
  public synchronized void followStoreChanges() {
    if (subscription == null) {
      subscription = store.subscribe(cache::invalidate, cache::invalidateAll);
    }
  }

  /**
   * Providers whose refreshes are paused after {@code invalid_client} (SECURITY.md §cooldown), with
   * the end time.
   */
  public Map<String, Instant> pausedProviders() {
    return gate.pausedProviders(clock.instant());
  }

  /** Lifts a provider's pause, e.g. once its client secret was replaced. */
  public void resumeProvider(String providerId) {
    gate.resumeProvider(providerId);
  }

  /** The lease-holder name of this instance. */
  public String holder() {
    return settings.holder();
  }

  public TokenManagerSettings settings() {
    return settings;
  }

  @Override
  public synchronized void close() {
    if (hotClock instanceof CoarseClock coarse) {
      coarse.close();
    }
    AutoCloseable s = subscription;
    subscription = null;
    if (s != null) {
      try {
        s.close();
      } catch (Exception e) {
        log.warn("Could not stop following store changes: {}", e.getClass().getSimpleName());
      }
    }
  }

  private AccessToken slowPath(String connectionId, Demand demand) {
    Objects.requireNonNull(connectionId, "connectionId");
    for (int join = 0; ; join++) { // bounded by MAX_JOINS
      TokenCache.Entry e = cache.get(connectionId);
      // a dead grant is answered without I/O (SECURITY.md §dead-grant) until it is due for a
      // re-check; then one caller reads the row while the others keep the answer (§cache-coherence)
      if (e != null
          && e.dead != null
          && (e.deadUntil(clock.millis()) || inFlight.containsKey(connectionId))) {
        throw e.dead;
      }
      if (e != null
          && !demand.forced()
          && clock.millis() < e.serveUntilMillis
          && demand.satisfiedBy(e.token, clock.instant())) {
        return e.token;
      }
      Flight mine = new Flight(new CompletableFuture<>(), demand.forced());
      Flight running = inFlight.putIfAbsent(connectionId, mine);
      if (running == null) {
        return lead(connectionId, demand, mine);
      }
      AccessToken shared;
      try {
        shared = join(running);
      } catch (SignLinkException failed) {
        if (running.forced() && !demand.forced()) {
          continue; // a failed manual refresh still left a usable token in the cache for us
        }
        throw failed;
      }
      if (shared == null) {
        join--; // that flight only released a lease; look again
        continue;
      }
      // a 401 caller that joined an unforced flight may get back the token it rejected
      if (running.forced()
          || demand.rejected() == null
          || !demand.rejected().equals(shared.token())
          || join + 1 >= MAX_JOINS) {
        return shared;
      }
    }
  }

  /**
   * Gives back this instance's lease of a connection the background refresher leased but did not
   * need to refresh. Runs as a flight of its own, so it can never release the lease from under a
   * refresh of the same connection in this process; when one is running, that refresh releases the
   * lease itself (or it expires after its TTL, SECURITY.md §startup-shutdown).
   */
  void releaseIdleLease(String connectionId) {
    Flight mine = new Flight(new CompletableFuture<>(), false);
    if (inFlight.putIfAbsent(connectionId, mine) != null) {
      return;
    }
    try {
      store.releaseLease(connectionId, settings.holder());
    } catch (RuntimeException e) {
      log.warn(
          "Could not release the refresh lease of connection {}: {}",
          connectionId,
          e.getClass().getSimpleName());
    } finally {
      inFlight.remove(connectionId, mine);
      mine.result().complete(null);
    }
  }

  private AccessToken lead(String connectionId, Demand demand, Flight mine) {
    try {
      AccessToken token = load(connectionId, demand);
      mine.result().complete(token);
      return token;
    } catch (RuntimeException | Error ex) {
      mine.result().completeExceptionally(ex); // joiners must never hang on a failed leader
      throw ex;
    } finally {
      inFlight.remove(connectionId, mine);
    }
  }

  private AccessToken load(String connectionId, Demand demand) {
    TokenCache.Entry seen = cache.get(connectionId);
    Connection row;
    try {
      row = read(connectionId, seen);
    } catch (TransientException unavailable) {
      return cachedThroughOutage(connectionId, seen, demand, unavailable);
    }
    if (demand.forced() && demand.rejected() == null) {
      demand = demand.rejecting(row.tokens().accessToken());
    }
    Instant now = clock.instant();
    if (demand.satisfiedBy(row, now)) {
      return remember(row, seen);
    }
    Optional<Instant> blocked = gate.blockedUntil(row, demand.forced(), now);
    if (blocked.isPresent()) {
      return stillValidOrFail(row, seen, blocked.get(), backoffError(row, blocked.get()), demand);
    }
    try {
      return remember(leased.refresh(connectionId, demand), seen);
    } catch (ReauthRequiredException dead) {
      cache.store(connectionId, seen, TokenCache.Entry.dead(dead, clock.millis()));
      throw dead;
    } catch (SignLinkException failed) {
      if (failed instanceof StoreException) {
        throw failed;
      }
      Instant until =
          failed instanceof TransientException t && t.kind() == TransientException.Kind.BUSY
              ? clock.instant().plus(settings.leasePoll())
              : gate.failed(connectionId, clock.instant());
      return stillValidOrFail(row, seen, until, failed, demand);
    }
  }

  /**
   * The database does not answer: a cached token that is no longer fresh but still valid for the
   * minimum validity keeps being served, re-trying the database at most every {@link
   * TokenCache#DEAD_RECHECK} (SECURITY.md §database-outage). Refreshing is not an option: the
   * rotated refresh token could not be committed first (SECURITY.md §rotation). A caller that wants
   * a new token gets the failure.
   */
  private AccessToken cachedThroughOutage(
      String connectionId, TokenCache.Entry seen, Demand demand, TransientException unavailable) {
    if (seen == null || seen.token == null || demand.forced()) {
      throw unavailable;
    }
    long now = clock.millis();
    long validUntil = seen.token.expiresAt().minus(settings.minimumValidity()).toEpochMilli();
    if (now >= validUntil) {
      throw unavailable;
    }
    long retryAt = Math.min(validUntil, now + TokenCache.DEAD_RECHECK.toMillis());
    cache.store(connectionId, seen, TokenCache.Entry.serving(seen.token, retryAt));
    return seen.token;
  }

  /**
   * {@link #stillValidOr} for a caller that asked for a <em>new</em> token (a forced refresh, or a
   * retry after a 401): it gets the failure, never the token it wanted replaced; the still-valid
   * token stays cached for ordinary callers.
   */
  private AccessToken stillValidOrFail(
      Connection row,
      TokenCache.Entry seen,
      Instant retryAt,
      SignLinkException failure,
      Demand demand) {
    AccessToken served = stillValidOr(row, seen, retryAt, failure);
    if (demand.rejected() != null) {
      throw failure;
    }
    return served;
  }

  /**
   * Reads the row; a dead one is cached as dead and thrown. When a dead entry is being re-checked
   * and the database does not answer, the last answer stands until the next re-check (SECURITY.md
   * §database-outage).
   */
  private Connection read(String connectionId, TokenCache.Entry seen) {
    Connection row;
    try {
      row = leased.existing(connectionId);
    } catch (TransientException unavailable) {
      if (seen != null && seen.dead != null) {
        cache.store(connectionId, seen, TokenCache.Entry.dead(seen.dead, clock.millis()));
        throw seen.dead;
      }
      throw unavailable;
    }
    if (row.status() != ConnectionStatus.ACTIVE) {
      ReauthRequiredException dead = leased.reauth(row);
      cache.store(connectionId, seen, TokenCache.Entry.dead(dead, clock.millis()));
      throw dead;
    }
    return row;
  }

  private AccessToken remember(Connection row, TokenCache.Entry seen) {
    AccessToken token = AccessToken.of(row);
    cache.store(
        row.id(),
        seen,
        TokenCache.Entry.serving(token, normal.freshUntilMillis(token.expiresAt())));
    return token;
  }

  /**
   * While refreshing is blocked or failing, a token still valid for the minimum validity keeps
   * being served until {@code retryAt} (SECURITY.md §cooldown, §provider-faults); otherwise {@code
   * failure} is thrown.
   */
  private AccessToken stillValidOr(
      Connection row, TokenCache.Entry seen, Instant retryAt, SignLinkException failure) {
    Instant expiresAt = row.tokens().accessExpiresAt();
    Instant now = clock.instant();
    if (!expiresAt.isAfter(now.plus(settings.minimumValidity()))) {
      throw failure;
    }
    AccessToken token = AccessToken.of(row);
    long until =
        Math.min(
            retryAt.toEpochMilli(), expiresAt.minus(settings.minimumValidity()).toEpochMilli());
    cache.store(row.id(), seen, TokenCache.Entry.serving(token, until));
    return token;
  }

  private static TransientException backoffError(Connection row, Instant until) {
    return new TransientException(
        TransientException.Kind.BUSY,
        "Refreshing connection "
            + row.id()
            + " at "
            + row.providerId()
            + " failed recently and is paused until "
            + until
            + "; retry after that",
        null,
        false,
        null);
  }

  private static AccessToken join(Flight running) {
    try {
      return running.result().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Builds a {@link TokenManager}; not thread-safe. */
  public static final class Builder {
    private final ConnectionStore store;
    private final TokenRefresher refresher;
    private TokenManagerSettings settings = TokenManagerSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random = RandomGenerator.getDefault();
    private ConnectionEventListener events = e -> {};
    private boolean clockSet;
    private Duration hotClockResolution = Duration.ofMillis(5);

    private Builder(ConnectionStore store, TokenRefresher refresher) {
      this.store = Objects.requireNonNull(store, "store");
      this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    public Builder settings(TokenManagerSettings s) {
      settings = Objects.requireNonNull(s);
      return this;
    }

    /**
     * The clock expiry is judged with (default: the system clock, read on the hot path through a
     * coarse 5 ms ticker). An injected clock is read directly everywhere, so tests stay exact.
     */
    public Builder clock(Clock c) {
      clock = Objects.requireNonNull(c);
      clockSet = true;
      return this;
    }

    /**
     * How stale the default clock may be on the hot path (default 5 ms; see {@code CoarseClock}).
     */
    public Builder hotClockResolution(Duration d) {
      if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("hotClockResolution must be between 1 ms and 1 s");
      }
      hotClockResolution = d;
      return this;
    }

    public Builder sleeper(Sleeper s) {
      sleeper = Objects.requireNonNull(s);
      return this;
    }

    public Builder random(RandomGenerator r) {
      random = Objects.requireNonNull(r);
      return this;
    }

    /**
     * Receives refreshed / reauth-required / refresh-failed events, e.g. a {@link
     * ConnectionEvents}.
     */
    public Builder events(ConnectionEventListener l) {
      events = Objects.requireNonNull(l);
      return this;
    }

    public TokenManager build() {
      return new TokenManager(this);
    }
  }
}
