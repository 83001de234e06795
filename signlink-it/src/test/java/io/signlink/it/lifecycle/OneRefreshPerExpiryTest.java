package io.signlink.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.connection.AccessToken;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.error.ReauthRequiredException;
import io.signlink.store.SignLinkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One refresh per expiry, counted at the authorization server: in one process (SECURITY.md
 * §single-refresh) and across three instances sharing PostgreSQL against an emulator that rotates
 * refresh tokens and revokes the whole grant on reuse (SECURITY.md §single-refresh), with the
 * negative control that proves the test can see a double refresh.
 */
class OneRefreshPerExpiryTest {
  static PgSchema pg;
  static Emulator emulator;
  static OffsetClock clock = new OffsetClock();

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    emulator =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .redirectUri(EmulatorDocuSign.REDIRECT)
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    emulator.close();
    pg.close();
  }

  long refreshRequests() {
    return emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  long invalidGrants() {
    return emulator.stats().tokenErrors(Provider.DOCUSIGN, "invalid_grant");
  }

  TokenManager manager(ConnectionStore store, String holder, List<ConnectionEvent> events) {
    return TokenManager.builder(
            store, new EmulatorDocuSign(emulator.docuSignAccountBase(), clock).refresher())
        .settings(
            TokenManagerSettings.builder().holder(holder).leasePoll(Duration.ofMillis(10)).build())
        .clock(clock)
        .events(events::add)
        .build();
  }

  @Test
  void aThousandConcurrentCallersOnAnExpiredTokenCauseExactlyOneRefreshAtTheServer()
      throws Exception {
    try (SignLinkStore store = pg.open(clock, 4)) {
      EmulatorDocuSign oauth = new EmulatorDocuSign(emulator.docuSignAccountBase(), clock);
      Connection conn = oauth.connect(store.connections(), "owner-thousand");
      clock.advance(Duration.ofHours(9)); // DocuSign access tokens live 8 h
      TokenManager manager = manager(store.connections(), "single", new ArrayList<>());
      long before = refreshRequests();
      int callers = 1000;
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      CountDownLatch ready = new CountDownLatch(callers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return manager.accessToken(conn.id());
                }));
      }
      ready.await();
      go.countDown();
      Set<String> distinct = new java.util.HashSet<>();
      for (Future<AccessToken> f : results) {
        distinct.add(f.get().token().reveal());
      }
      pool.shutdown();
      long refreshes = refreshRequests() - before;
      System.out.printf(
          "[lifecycle] %d concurrent callers on an expired token: %d refresh request(s) at the server, %d distinct token(s) returned%n",
          callers, refreshes, distinct.size());
      assertThat(refreshes).isEqualTo(1);
      assertThat(distinct).hasSize(1);
      assertThat(oauth.accepts(manager.accessToken(conn.id()).token())).isTrue();
    }
  }

  @Test
  void threeInstancesOnOnePostgresRefreshEachExpiryOnceWithoutInvalidGrant() throws Exception {
    Result r = run(100, 4, Function.identity(), false);
    System.out.printf(
        "[lifecycle] 3 instances x 100 expiry cycles x %d connections: %d refresh requests (expected %d),"
            + " %d invalid_grant at the server, %d reauth events, %d connections dead, %d silently broken, %d ms%n",
        r.connections,
        r.refreshes,
        100L * r.connections,
        r.invalidGrants,
        r.reauthEvents,
        r.dead,
        r.silentlyBroken,
        r.millis);
    assertThat(r.silentlyBroken).isZero();
    assertThat(r.invalidGrants).isZero();
    assertThat(r.dead).isZero();
    assertThat(r.reauthEvents).isZero();
    assertThat(r.callerFailures).isZero();
    assertThat(r.refreshes).isEqualTo(100L * r.connections);
  }

  @Test
  void negativeControlWithoutTheLeaseInstancesReuseRotatedRefreshTokens() throws Exception {
    Result r = run(30, 4, AlwaysGrantedLeases::new, true);
    System.out.printf(
        "[lifecycle] negative control (lease always granted), %d cycles run: %d refresh requests,"
            + " %d invalid_grant at the server, %d connections dead, %d silently broken%n",
        r.cycles, r.refreshes, r.invalidGrants, r.dead, r.silentlyBroken);
    assertThat(r.invalidGrants).isPositive();
    assertThat(r.dead + r.silentlyBroken).isPositive();
  }

  record Result(
      int cycles,
      int connections,
      long refreshes,
      long invalidGrants,
      long reauthEvents,
      long dead,
      long silentlyBroken,
      long callerFailures,
      long millis) {}

  Result run(
      int cycles,
      int threadsPerInstance,
      Function<ConnectionStore, ConnectionStore> wrap,
      boolean stopAtFirstFailure)
      throws Exception {
    List<SignLinkStore> stores = new ArrayList<>();
    List<ExecutorService> pools = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        stores.add(pg.open(clock, 4));
      }
      EmulatorDocuSign oauth = new EmulatorDocuSign(emulator.docuSignAccountBase(), clock);
      List<String> ids = new ArrayList<>();
      for (int c = 0; c < 5; c++) {
        ids.add(oauth.connect(stores.get(0).connections(), "owner-" + System.nanoTime()).id());
      }
      List<ConnectionEvent> events = Collections.synchronizedList(new ArrayList<>());
      List<TokenManager> managers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        managers.add(manager(wrap.apply(stores.get(i).connections()), "instance-" + i, events));
        pools.add(Executors.newFixedThreadPool(threadsPerInstance));
      }
      long refreshesBefore = refreshRequests();
      long invalidBefore = invalidGrants();
      AtomicInteger failures = new AtomicInteger();
      long start = System.nanoTime();
      int ran = 0;
      int afterFailure = 0;
      for (int cycle = 0; cycle < cycles; cycle++) {
        ran++;
        clock.advance(Duration.ofHours(9));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          TokenManager m = managers.get(i);
          for (int t = 0; t < threadsPerInstance; t++) {
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order);
            work.add(
                pools
                    .get(i)
                    .submit(
                        () -> {
                          go.await();
                          for (String id : order) {
                            try {
                              m.accessToken(id);
                            } catch (ReauthRequiredException e) {
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
        if (stopAtFirstFailure && invalidGrants() > invalidBefore && ++afterFailure > 3) {
          break; // a few more cycles let a revoked grant surface as a dead connection
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      long dead =
          ids.stream()
              .map(id -> stores.get(0).connections().find(id).orElseThrow())
              .filter(c -> c.status() != ConnectionStatus.ACTIVE)
              .count();
      long silentlyBroken =
          ids.stream()
              .map(id -> stores.get(0).connections().find(id).orElseThrow())
              .filter(c -> c.status() == ConnectionStatus.ACTIVE)
              .filter(c -> !oauth.accepts(c.tokens().accessToken()))
              .count();
      long reauth =
          events.stream().filter(e -> e.type() == ConnectionEvent.Type.REAUTH_REQUIRED).count();
      return new Result(
          ran,
          ids.size(),
          refreshRequests() - refreshesBefore,
          invalidGrants() - invalidBefore,
          reauth,
          dead,
          silentlyBroken,
          failures.get(),
          millis);
    } finally {
      pools.forEach(ExecutorService::shutdownNow);
      stores.forEach(SignLinkStore::close);
    }
  }
}
