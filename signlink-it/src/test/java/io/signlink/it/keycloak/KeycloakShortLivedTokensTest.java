package io.signlink.it.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.connection.AccessToken;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.OAuthTokenRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.http.JdkHttpTransport;
import io.signlink.it.lifecycle.PgSchema;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.Providers;
import io.signlink.provider.oidc.IdTokenPolicy;
import io.signlink.provider.oidc.OidcDiscovery;
import io.signlink.provider.oidc.OidcDiscovery.OfflineAccess;
import io.signlink.store.SignLinkStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Freshness proportional to the granted lifetime against a real, independent authorization server
 * with strict refresh-token rotation (SECURITY.md §freshness, §single-refresh, §rotation): Keycloak
 * ({@code -Pkeycloak}), "Revoke Refresh Token" with max reuse 0, access tokens of 15 s and 60 s,
 * instances on one PostgreSQL schema, 50 concurrent callers per connection on each instance, in
 * real time. Refreshes are counted at Keycloak (its REFRESH_TOKEN events); an expiry is a refresh
 * point, {@code lifetime - min(5 min, ¼ × lifetime)} after the previous token was issued, and each
 * run lasts a fixed number of refresh points plus a fraction of one, so the expected count is
 * exact. Every token handed out is checked against the documented remaining life, or, on an
 * instance serving while another holds the lease, the floor {@code min(10 s, half that)}.
 *
 * <p>Real time keeps this short: 15 s tokens for four expiries on one and three instances (chains
 * of rotated refresh tokens), 60 s tokens for one expiry on three instances (a longer lifetime's
 * refresh point; a second expiry added 45 s of CI time and no other path).
 */
@Tag("keycloak")
class KeycloakShortLivedTokensTest {
  static final int CALLERS = 50;
  static final int CONNECTIONS = 3;
  static final Duration MARGIN = Duration.ofMinutes(5);
  static final double FRACTION = 0.25;
  static final Duration MIN_VALIDITY = Duration.ofSeconds(10);
  // a pause between waves of callers, so the run measures refreshes and not CPU starvation
  static final long WAVE_PAUSE_MS = 200;
  // the time between the decision to hand a token out and the caller seeing it
  static final long HANDOUT_SLACK_MS = 500;
  // the run ends this far (in refresh intervals) past the last counted refresh point: room for the
  // lag of each refresh behind its point, far from the next point
  static final double TAIL = 0.6;

  private static final URI PUBLIC_BASE = URI.create("http://127.0.0.1");
  private static KeycloakServer keycloak;
  private static PgSchema pg;
  private static int users;

  private final Clock clock = Clock.systemUTC();
  private final JdkHttpTransport http = new JdkHttpTransport();

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    keycloak = KeycloakServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (keycloak != null) {
      keycloak.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  record Result(
      long expiries,
      long refreshes,
      long refreshErrors,
      long handedOut,
      long distinctTokens,
      long belowDocumented,
      long belowFloor,
      long minRemainingMs,
      long requiredMs,
      long floorMs,
      long dead,
      long millis) {
    double perExpiry() {
      return (double) refreshes / expiries;
    }
  }

  @Test
  void fifteenSecondTokensAreRefreshedOncePerExpiryOnOneAndThreeInstances() throws Exception {
    check(15, 1, 4);
    check(15, 3, 4);
  }

  @Test
  void sixtySecondTokensAreRefreshedOncePerExpiryOnThreeInstances() throws Exception {
    check(60, 3, 1);
  }

  private void check(int lifetimeSeconds, int instances, int expiriesPerConnection)
      throws Exception {
    Result r = run(lifetimeSeconds, instances, expiriesPerConnection);
    System.out.printf(
        "[keycloak] %d s tokens, %d instance(s) x %d callers per connection: %d refreshes (Keycloak"
            + " REFRESH_TOKEN events) for %d expiries (%.3f per expiry), %d refresh errors, %d"
            + " tokens handed out (%d distinct), min remaining %d ms (documented %d ms, floor %d"
            + " ms), %d below documented, %d below floor, %d left ACTIVE or failed, %d ms%n",
        lifetimeSeconds,
        instances,
        CALLERS,
        r.refreshes,
        r.expiries,
        r.perExpiry(),
        r.refreshErrors,
        r.handedOut,
        r.distinctTokens,
        r.minRemainingMs,
        r.requiredMs,
        r.floorMs,
        r.belowDocumented,
        r.belowFloor,
        r.dead,
        r.millis);
    assertThat(r.perExpiry()).isLessThanOrEqualTo(1.02);
    assertThat(r.refreshes).isGreaterThanOrEqualTo(r.expiries);
    // cross-check of Keycloak's count: every token handed out came from the login or a refresh
    assertThat(r.distinctTokens).isLessThanOrEqualTo(r.refreshes + CONNECTIONS);
    assertThat(r.refreshErrors).as("invalid_grant at Keycloak").isZero();
    assertThat(r.dead).as("connections leaving ACTIVE or calls failing").isZero();
    assertThat(r.belowFloor).isZero();
    if (instances == 1) {
      // one instance never serves a stale token: callers share the refresh (single flight)
      assertThat(r.belowDocumented).isZero();
    }
  }

  private Result run(int lifetimeSeconds, int instances, int expiriesPerConnection)
      throws Exception {
    keycloak.accessTokenLifespan(lifetimeSeconds);
    List<SignLinkStore> stores = new ArrayList<>();
    List<TokenManager> managers = new ArrayList<>();
    List<ExecutorService> pools = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        stores.add(pg.open(clock, 4));
      }
      OidcDiscovery discovery = OidcDiscovery.create(keycloak.issuer(), http, clock);
      ProviderProfile profile =
          discovery.profile(
              "keycloak",
              KeycloakServer.CLIENT_ID,
              Secret.of(KeycloakServer.CLIENT_SECRET),
              null,
              null,
              OfflineAccess.AUTO);
      ProviderRegistry providers =
          ProviderRegistry.of(
              Providers.discovered(discovery, profile, http, clock, IdTokenPolicy.defaults()));
      TokenClient tokenClient = new TokenClient(http, clock);
      ConnectFlow flow =
          new ConnectFlow(
              providers,
              stores.get(0).pendingAuthorizations(),
              stores.get(0).connections(),
              tokenClient,
              new AuthorizationRequests(clock),
              ConnectFlow.callbackUrls(PUBLIC_BASE),
              clock,
              null);
      List<String> ids = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        String user = "short-" + (++users);
        keycloak.createUser(user, true);
        AuthorizationStart start = flow.begin("keycloak", "owner-" + user, null, null);
        URI back = keycloak.login(start.authorizationUrl(), user);
        ids.add(
            flow.complete("keycloak", KeycloakStrictRotationTest.query(back), null)
                .connection()
                .id());
      }
      long firstIssued = clock.millis(); // the tokens of all connections were issued by now
      for (int i = 0; i < instances; i++) {
        managers.add(
            TokenManager.builder(
                    stores.get(i).connections(), new OAuthTokenRefresher(providers, tokenClient))
                .settings(
                    TokenManagerSettings.builder()
                        .holder("instance-" + i)
                        .safetyMargin(MARGIN)
                        .refreshFraction(FRACTION)
                        .minimumValidity(MIN_VALIDITY)
                        .leasePoll(Duration.ofMillis(10))
                        .build())
                .clock(clock)
                .build());
        pools.add(Executors.newFixedThreadPool(CALLERS));
      }
      long lifetimeMs = lifetimeSeconds * 1000L;
      long requiredMs = Math.min(MARGIN.toMillis(), (long) (lifetimeMs * FRACTION));
      long floorMs = Math.min(MIN_VALIDITY.toMillis(), requiredMs / 2);
      long intervalMs = lifetimeMs - requiredMs;
      long endAt = firstIssued + (long) ((expiriesPerConnection + TAIL) * intervalMs);
      long refreshesBefore = keycloak.events("REFRESH_TOKEN");
      long errorsBefore = keycloak.events("REFRESH_TOKEN_ERROR");
      AtomicLong handedOut = new AtomicLong();
      AtomicLong belowDocumented = new AtomicLong();
      AtomicLong belowFloor = new AtomicLong();
      AtomicLong minRemaining = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger failures = new AtomicInteger();
      Set<Secret> distinct = ConcurrentHashMap.newKeySet();
      Random random = new Random(lifetimeMs * 31 + instances);
      long started = System.nanoTime();
      while (clock.millis() < endAt) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          TokenManager m = managers.get(i);
          for (int t = 0; t < CALLERS; t++) {
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order, new Random(random.nextLong()));
            work.add(
                pools
                    .get(i)
                    .submit(
                        () -> {
                          go.await();
                          for (String id : order) {
                            try {
                              AccessToken token = m.accessToken(id);
                              long left = token.expiresAt().toEpochMilli() - clock.millis();
                              handedOut.incrementAndGet();
                              distinct.add(token.token());
                              minRemaining.accumulateAndGet(left, Math::min);
                              if (left < requiredMs - HANDOUT_SLACK_MS) {
                                belowDocumented.incrementAndGet();
                              }
                              if (left < floorMs - HANDOUT_SLACK_MS) {
                                belowFloor.incrementAndGet();
                              }
                            } catch (RuntimeException e) {
                              failures.incrementAndGet();
                            }
                          }
                          return null;
                        }));
          }
        }
        go.countDown();
        for (Future<?> f : work) {
          f.get();
        }
        Thread.sleep(WAVE_PAUSE_MS);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      managers.forEach(TokenManager::close);
      managers.clear();
      Thread.sleep(1000); // let Keycloak finish recording the last events
      long dead =
          ids.stream()
                  .map(id -> stores.get(0).connections().find(id).orElseThrow())
                  .filter(c -> c.status() != ConnectionStatus.ACTIVE)
                  .count()
              + failures.get();
      return new Result(
          (long) expiriesPerConnection * CONNECTIONS,
          keycloak.events("REFRESH_TOKEN") - refreshesBefore,
          keycloak.events("REFRESH_TOKEN_ERROR") - errorsBefore,
          handedOut.get(),
          distinct.size(),
          belowDocumented.get(),
          belowFloor.get(),
          minRemaining.get(),
          requiredMs,
          floorMs,
          dead,
          millis);
    } finally {
      managers.forEach(TokenManager::close);
      pools.forEach(ExecutorService::shutdownNow);
      stores.forEach(SignLinkStore::close);
    }
  }
}
