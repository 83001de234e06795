package io.signlink.connection;

import io.signlink.error.ReauthRequiredException;
import io.signlink.error.SignLinkException;
import io.signlink.error.StoreException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.provider.RefreshTokenPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out access tokens that stay valid for at least {@code min(margin, fraction × the lifetime
 * the provider granted)} (defaults 5 minutes and ¼, SECURITY.md §freshness), refreshing them at
 * most once per expiry whatever the number of callers and instances.
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
  private final Map<String, RefreshTokenPolicy> policies;
  private final ScheduledExecutorService heartbeats;
  private final boolean ownHeartbeats;
  private final ConnectionEventListener events;
  private volatile AutoCloseable subscription;

  private TokenManager(Builder b) {
    this.store = b.store;
    this.settings = b.settings;
    this.clock = b.clock;
    // the OS clock costs ~30 ns on some VMs; the default system clock gets a coarse hot-path reader
    this.hotClock = b.clockSet ? b.clock : new CoarseClock(b.clock, b.hotClockResolution);
    this.gate = new RefreshGate(settings.failureCooldown(), settings.providerPause());
    this.policies = Map.copyOf(b.policies);
    this.events = b.events;
    this.ownHeartbeats = b.heartbeats == null;
    this.heartbeats =
        b.heartbeats != null
            ? b.heartbeats
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "signlink-lease-heartbeat");
                  t.setDaemon(true);
                  return t;
                });
    this.leased =
        new LeasedRefresh(
            store,
            b.refresher,
            settings,
            clock,
            b.sleeper,
            new Backoff(settings.retryBaseDelay(), settings.retryAfterCap(), b.random),
            gate,
            b.events,
            p -> policies.getOrDefault(p, RefreshTokenPolicy.NONE),
            heartbeats);
    this.normal = Demand.fresh(settings.freshness());
  }

  /** A builder for a manager over {@code store} that refreshes through {@code refresher}. */
  public static Builder builder(ConnectionStore store, TokenRefresher refresher) {
    return new Builder(store, refresher);
  }

  /**
   * An access token for the connection. Guarantee (SECURITY.md §freshness): the token stays valid
   * for at least {@code min(safetyMargin, refreshFraction × L)} after it is returned, where {@code
   * L} is the lifetime the provider granted it (defaults: 5 minutes and ¼, so 5 minutes for a 1 h
   * token, 15 s for a 60 s one). A token that has less left is refreshed first, once per expiry for
   * all callers and instances; a token just obtained always qualifies, so callers arriving after a
   * refresh never start another. Two exceptions, both bounded: while another instance holds the
   * refresh lease, or while the provider is failing (SECURITY.md §provider-faults), the current
   * token keeps being served as long as it has more than {@code min(minimumValidity, half the
   * above)} left (10 s for a 1 h token, 7.5 s for a 60 s one); below that the caller waits for the
   * other instance's refresh (a dead one's lease lapses within {@code leaseTtl}) or gets the
   * failure.
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
    return slowPath(connectionId, new Demand(settings.freshness(), null, true));
  }

  /**
   * A token to retry with after {@code rejected} was refused with a 401 (SECURITY.md
   * §retry-on-401): another caller's newer token if there is one, else a forced refresh. Never
   * returns {@code rejected}.
   */
  public AccessToken refreshAfterRejection(String connectionId, Secret rejected) {
    Objects.requireNonNull(rejected, "rejected");
    return slowPath(connectionId, Demand.replacing(settings.freshness(), rejected));
  }

  /**
   * For the background refresher: makes the token fresh by {@code ahead} (its refresh-ahead rule),
   * refreshing only if it is not; while refreshing fails or runs elsewhere, the current token is
   * returned if still usable.
   */
  Ahead refreshAhead(String connectionId, Freshness ahead) {
    leased.takeCommittedHere();
    AccessToken token = slowPath(connectionId, Demand.fresh(ahead));
    return new Ahead(token, leased.takeCommittedHere());
  }

  /** What {@link #refreshAhead} returned, and whether this thread sent and stored the refresh. */
  record Ahead(AccessToken token, boolean refreshedHere) {}

  /**
   * For the refresh-token keep-alive: one refresh replacing {@code current} even though it may
   * still be fresh, so the provider sees the refresh token used before its idle limit. Subject to
   * the failure cooldown like any automatic refresh.
   */
  Ahead keepAlive(String connectionId, Secret current) {
    leased.takeCommittedHere();
    AccessToken token = slowPath(connectionId, new Demand(settings.freshness(), current, false));
    return new Ahead(token, leased.takeCommittedHere());
  }

  /** Emits an event of the lifecycle machinery (the background refresher's keep-alive). */
  void emit(ConnectionEvent event) {
    events.onEvent(event);
  }

  /** The caller-facing freshness rule. */
  Freshness freshness() {
    return settings.freshness();
  }

  /** Refresh-token policies by provider id, for the keep-alive. */
  Map<String, RefreshTokenPolicy> refreshTokenPolicies() {
    return policies;
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
    if (ownHeartbeats) {
      heartbeats.shutdownNow();
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
      // a 401 caller that joined an unforced flight may get back the token it rejected
      if (running.forced()
          || demand.rejected() == null
          || !demand.rejected().equals(shared.token())
          || join + 1 >= MAX_JOINS) {
        return shared;
      }
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
              : gate.failed(row, clock.instant());
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
        TokenCache.Entry.serving(
            token, settings.freshness().freshUntilMillis(token.issuedAt(), token.expiresAt())));
    return token;
  }

  /**
   * While refreshing is blocked, failing or running on another instance, a token that still has
   * more than the floor ({@link Freshness#floorMillis}) keeps being served until {@code retryAt}
   * (SECURITY.md §cooldown, §provider-faults); otherwise {@code failure} is thrown.
   */
  private AccessToken stillValidOr(
      Connection row, TokenCache.Entry seen, Instant retryAt, SignLinkException failure) {
    Instant expiresAt = row.tokens().accessExpiresAt();
    Instant issuedAt = row.tokens().receivedAt();
    Freshness freshness = settings.freshness();
    if (!freshness.usable(issuedAt, expiresAt, clock.instant())) {
      throw failure;
    }
    AccessToken token = AccessToken.of(row);
    long until =
        Math.min(
            retryAt.toEpochMilli(),
            expiresAt.toEpochMilli() - freshness.floorMillis(issuedAt, expiresAt));
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
    private Map<String, RefreshTokenPolicy> policies = Map.of();
    private Duration hotClockResolution = Duration.ofMillis(5);
    private ScheduledExecutorService heartbeats;

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

    /**
     * Each provider's documented refresh-token behaviour (reuse grace, idle limit), by provider id;
     * providers not named have none ({@link RefreshTokenPolicy#NONE}).
     */
    public Builder refreshTokenPolicies(Map<String, RefreshTokenPolicy> byProvider) {
      policies = Map.copyOf(byProvider);
      return this;
    }

    /**
     * Where refresh-lease renewals are scheduled (default: one daemon thread of the manager's own).
     * A scheduler given here belongs to the caller: each renewal is cancelled when its refresh
     * ends, and {@link TokenManager#close()} never shuts the scheduler down.
     */
    public Builder heartbeats(ScheduledExecutorService scheduler) {
      heartbeats = Objects.requireNonNull(scheduler);
      return this;
    }

    public TokenManager build() {
      return new TokenManager(this);
    }
  }
}
