package io.signlink.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signlink.connection.AccessToken;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.error.ReauthRequiredException;
import io.signlink.store.SignLinkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of an instance in the middle of refreshes (SECURITY.md §lost-refresh): a separate
 * JVM ({@link RefreshWorkerMain}) forces refreshes on four threads against the rotating emulator
 * and is killed with {@link Process#destroyForcibly()} after a random number of refresh requests,
 * twenty times. After each kill this instance refreshes every connection: each is either usable (a
 * token the provider accepts), or, when the provider rotated and the dead instance never stored the
 * answer, {@code REAUTH_REQUIRED} with the provider's reason. Nothing is left silently broken, no
 * lease outlives its TTL, no row is half-written.
 */
class KillDuringRefreshTest {
  static final int KILLS = 20;
  static final int CONNECTIONS = 6;
  static final Duration LEASE_TTL = Duration.ofSeconds(1);
  static PgSchema pg;
  static Emulator emulator;
  static SignLinkStore store;

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    store = pg.open(Clock.systemUTC(), 4);
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
    store.close();
    pg.close();
  }

  long refreshRequests() {
    return emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  @Test
  void killingAnInstanceMidRefreshNeverLeavesAConnectionSilentlyBroken() throws Exception {
    EmulatorDocuSign docusign =
        new EmulatorDocuSign(emulator.docuSignAccountBase(), Clock.systemUTC());
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      connections.add(docusign.connect(store.connections(), "owner-kill-" + i));
    }
    Random random = new Random(90);
    int usable = 0;
    int reauth = 0;
    int broken = 0;
    int reconnected = 0;
    List<String> reasons = new ArrayList<>();
    long started = System.nanoTime();
    for (int kill = 0; kill < KILLS; kill++) {
      for (Connection c : connections) {
        if (store.connections().find(c.id()).orElseThrow().status() != ConnectionStatus.ACTIVE) {
          docusign.connect(
              store.connections(), c.owner()); // the user reconnects: same row, ACTIVE again
          reconnected++;
        }
      }
      long before = refreshRequests();
      Path out = Files.createTempFile(pg.dir, "worker-", ".log");
      Process worker = startWorker(connections, out);
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Files.readString(out).contains("READY") || !worker.isAlive());
        int target = 2 + random.nextInt(10);
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> refreshRequests() - before >= target);
      } finally {
        worker.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks, no lease release
        worker.waitFor();
      }
      TokenManager survivor =
          TokenManager.builder(store.connections(), docusign.refresher())
              .settings(
                  TokenManagerSettings.builder()
                      .holder("survivor-" + kill)
                      .leaseTtl(LEASE_TTL)
                      .leaseWait(LEASE_TTL.multipliedBy(5))
                      .leasePoll(Duration.ofMillis(20))
                      .build())
              .build();
      for (Connection c : connections) {
        try {
          AccessToken t = survivor.forceRefresh(c.id());
          if (docusign.accepts(t.token())) {
            usable++;
          } else {
            broken++;
          }
        } catch (ReauthRequiredException e) {
          reauth++;
          reasons.add(e.reason());
        } catch (RuntimeException e) {
          broken++;
          System.out.printf("[lifecycle] kill %d: connection %s broken: %s%n", kill, c.id(), e);
        }
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    System.out.printf(
        "[lifecycle] kill -9 x %d (%d connections each, %d s): %d refreshed and usable, %d REAUTH_REQUIRED"
            + " (rotation lost with the killed instance), %d silently broken, %d reconnected; reasons %s%n",
        KILLS,
        CONNECTIONS,
        seconds,
        usable,
        reauth,
        broken,
        reconnected,
        reasons.stream().distinct().toList());
    assertThat(broken).isZero();
    assertThat(usable + reauth).isEqualTo(KILLS * CONNECTIONS);
    assertThat(reasons).allSatisfy(r -> assertThat(r).contains("invalid_grant"));
    for (Connection c : connections) {
      Connection now = store.connections().find(c.id()).orElseThrow();
      if (now.status() == ConnectionStatus.ACTIVE) {
        assertThat(docusign.accepts(now.tokens().accessToken()))
            .as("stored token of an ACTIVE connection")
            .isTrue();
      } else {
        assertThat(now.status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
        assertThat(now.statusReason()).contains("invalid_grant");
      }
    }
  }

  private Process startWorker(List<Connection> connections, Path out) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                RefreshWorkerMain.class.getName(),
                pg.url(),
                pg.keysetFile.toString(),
                pg.dir.resolve("data").toString(),
                emulator.docuSignAccountBase().toString(),
                Long.toString(LEASE_TTL.toMillis())));
    connections.forEach(c -> command.add(c.id()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }
}
