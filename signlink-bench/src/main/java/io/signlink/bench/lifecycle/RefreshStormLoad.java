package io.signlink.bench.lifecycle;

import io.signlink.connection.Connection;
import io.signlink.connection.TokenManager;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load driver: 1,000 concurrent callers ask for the token of one connection whose access token has
 * expired; the emulator (rotating refresh tokens, reuse detection revokes the grant) counts the
 * refresh requests that reach it. SignLink's token manager against Spring Security's authorized
 * client manager, same emulator, same run. Not thread-safe; run once.
 */
final class RefreshStormLoad {
  static final int CALLERS = 1000;

  private RefreshStormLoad() {}

  static List<Figure> run() throws Exception {
    List<Figure> out = new ArrayList<>();
    try (Emulator emu =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .redirectUri(EmulatorConnections.REDIRECT)
                .build())) {
      out.addAll(signLink(emu));
      out.addAll(spring(emu));
    }
    return out;
  }

  private static long refreshes(Emulator emu) {
    return emu.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  private static long invalidGrants(Emulator emu) {
    return emu.stats().tokenErrors(Provider.DOCUSIGN, "invalid_grant");
  }

  private static List<Figure> signLink(Emulator emu) throws Exception {
    MapConnectionStore store = new MapConnectionStore();
    Connection c =
        new EmulatorConnections(emu.docuSignAccountBase(), Clock.systemUTC())
            .connect(store, "owner-storm");
    Clock later =
        Clock.offset(Clock.systemUTC(), Duration.ofHours(9)); // past DocuSign's 8 h lifetime
    TokenManager manager =
        TokenManager.builder(
                store, new EmulatorConnections(emu.docuSignAccountBase(), later).refresher())
            .clock(later)
            .build();
    long before = refreshes(emu);
    long invalidBefore = invalidGrants(emu);
    Outcome o = storm(() -> manager.accessToken(c.id()).token().reveal());
    return List.of(
        new Figure(
            "refresh storm",
            "SignLink refresh requests at the server",
            refreshes(emu) - before,
            "requests",
            CALLERS + " callers, expired token"),
        new Figure(
            "refresh storm",
            "SignLink failed callers",
            o.failures,
            "callers",
            "invalid_grant at the server: " + (invalidGrants(emu) - invalidBefore)),
        new Figure("refresh storm", "SignLink wall time", o.millis, "ms", ""));
  }

  private static List<Figure> spring(Emulator emu) throws Exception {
    MapConnectionStore store = new MapConnectionStore();
    Connection c =
        new EmulatorConnections(emu.docuSignAccountBase(), Clock.systemUTC())
            .connect(store, "owner-spring");
    SpringAnchor spring =
        new SpringAnchor(
            emu.docuSignAccountBase(),
            io.signlink.emulator.DemoClients.DOCUSIGN_INTEGRATION_KEY,
            io.signlink.emulator.DemoClients.DOCUSIGN_SECRET);
    Instant now = Instant.now();
    spring.store(
        c.tokens().accessToken().reveal(),
        now.minus(Duration.ofHours(9)),
        now.minus(Duration.ofHours(1)),
        c.tokens().refreshToken().reveal());
    long before = refreshes(emu);
    long invalidBefore = invalidGrants(emu);
    Outcome o = storm(spring::authorize);
    return List.of(
        new Figure(
            "refresh storm",
            "Spring refresh requests at the server",
            refreshes(emu) - before,
            "requests",
            CALLERS + " callers, expired token"),
        new Figure(
            "refresh storm",
            "Spring failed callers",
            o.failures,
            "callers",
            "invalid_grant at the server: " + (invalidGrants(emu) - invalidBefore)),
        new Figure("refresh storm", "Spring wall time", o.millis, "ms", ""));
  }

  private record Outcome(long failures, long millis) {}

  private static Outcome storm(Callable<String> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch ready = new CountDownLatch(CALLERS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      ready.await();
      long start = System.nanoTime();
      go.countDown();
      long failures = 0;
      for (Future<String> f : results) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failures++;
        }
      }
      return new Outcome(failures, (System.nanoTime() - start) / 1_000_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
