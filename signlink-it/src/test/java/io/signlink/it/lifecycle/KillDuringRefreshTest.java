package io.signlink.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of an instance while it refreshes (SECURITY.md §lost-refresh, §single-refresh):
 * three SignLink instances run as separate JVMs ({@link RefreshWorkerMain}) on one PostgreSQL
 * schema, callers on six threads each, against the rotating emulator with 3 s access tokens and
 * slowed token answers. The test kills an instance only while the database shows it holding a
 * refresh lease, starts a replacement, and goes on.
 *
 * <ul>
 *   <li>With a provider that honours a rotated refresh token for a grace window, no connection is
 *       lost: a survivor takes the dead instance's lease over and its refresh is answered.
 *   <li>Survivors are never blocked long by a dead instance's lease: it lapses within its 1.5 s TTL
 *       (no heartbeat), and meanwhile callers are served the still-valid token. Measured from the
 *       kill (or from when a caller started waiting, if later) to the survivor's takeover.
 *   <li>With a provider without a grace, a connection whose rotation died with the instance is
 *       lost, and then always with the reason {@code refresh_outcome_lost}.
 * </ul>
 */
class KillDuringRefreshTest {
  static final int CONNECTIONS = 6;
  static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);
  static final Duration TOKEN_DELAY = Duration.ofMillis(150);
  static final Pattern STAT =
      Pattern.compile(
          "STAT max=(\\d+) ok=(\\d+) expired=(\\d+) leaseWait=(\\d+) deadLeaseWait=(\\d+)");
  static final Pattern TAKEOVER = Pattern.compile("TAKEOVER waitedFrom=(\\d+) at=(\\d+)");
  static PgSchema pg;
  static SignLinkStore store;

  static Path classArchive;

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    store = pg.open(Clock.systemUTC(), 4);
    classArchive = pg.dir.resolve("worker.jsa");
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    pg.close();
  }

  @Test
  void killingInstancesMidRefreshLosesNoConnectionWhereTheProviderHonoursAReuseGrace()
      throws Exception {
    // about 45 s on an idle two-core machine; the budget is only a cap for a loaded one, where each
    // replacement JVM takes several seconds to start
    Outcome o = run(Duration.ofSeconds(30), 30, Duration.ofSeconds(240));
    System.out.printf(
        "[lifecycle] kill -9 x %d while refreshing (3 instances, reuse grace 30 s, %d s):"
            + " %d refresh requests, %d connections lost, longest wait on a dead instance's lease"
            + " %d ms (on any lease %d ms), longest call %d ms, %d expired tokens handed out,"
            + " %d calls%n",
        o.kills,
        o.seconds,
        o.refreshes,
        o.lost.size(),
        o.maxDeadLeaseWaitMs,
        o.maxLeaseWaitMs,
        o.maxCallMs,
        o.expired,
        o.calls);
    assertThat(o.kills).isGreaterThanOrEqualTo(30);
    assertThat(o.lost).isEmpty();
    assertThat(o.expired).isZero();
    assertThat(o.maxDeadLeaseWaitMs).isLessThanOrEqualTo(2_000);
  }

  @Test
  void withoutAReuseGraceEveryConnectionLostToAKillSaysRefreshOutcomeLost() throws Exception {
    Outcome o = run(null, 5, Duration.ofSeconds(60));
    System.out.printf(
        "[lifecycle] kill -9 x %d while refreshing (3 instances, no reuse grace, %d s):"
            + " %d connections lost, reasons %s, longest wait on a dead instance's lease %d ms%n",
        o.kills,
        o.seconds,
        o.lost.size(),
        o.lost.stream().map(r -> r.split(":")[0]).distinct().toList(),
        o.maxDeadLeaseWaitMs);
    assertThat(o.kills).isGreaterThanOrEqualTo(5);
    assertThat(o.lost).allSatisfy(r -> assertThat(r).startsWith("refresh_outcome_lost:"));
    assertThat(o.expired).isZero();
  }

  record Outcome(
      int kills,
      long seconds,
      long refreshes,
      List<String> lost,
      long maxDeadLeaseWaitMs,
      long maxLeaseWaitMs,
      long maxCallMs,
      long expired,
      long calls) {}

  private static final class Worker {
    final Process process;
    final Path out;

    Worker(Process process, Path out) {
      this.process = process;
      this.out = out;
    }

    boolean ready() throws Exception {
      return process.isAlive() && Files.readString(out).contains("READY");
    }

    /** Each takeover after a wait: {@code [waiting since, taken over at]}, epoch ms. */
    List<long[]> takeovers() throws Exception {
      Matcher m = TAKEOVER.matcher(Files.readString(out));
      List<long[]> out = new ArrayList<>();
      while (m.find()) {
        out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
      return out;
    }

    String holder() {
      return "worker-" + process.pid();
    }

    /**
     * The last STAT line: longest call, calls, expired tokens, longest lease wait, longest wait on
     * a dead instance's lease.
     */
    long[] stats() throws Exception {
      Matcher m = STAT.matcher(Files.readString(out));
      long[] last = {0, 0, 0, 0, 0};
      while (m.find()) {
        last =
            new long[] {
              Long.parseLong(m.group(1)),
              Long.parseLong(m.group(2)),
              Long.parseLong(m.group(3)),
              Long.parseLong(m.group(4)),
              Long.parseLong(m.group(5))
            };
      }
      return last;
    }
  }

  Outcome run(Duration grace, int kills, Duration budget) throws Exception {
    EmulatorConfig.Builder config =
        EmulatorConfig.builder()
            .autoApprove(true)
            .redirectUri(EmulatorDocuSign.REDIRECT)
            .docuSignAccessTokenTtl(TOKEN_LIFETIME);
    if (grace != null) {
      config.refreshTokenReuseGrace(grace);
    }
    List<Worker> all = new ArrayList<>();
    try (Emulator emulator = Emulator.start(config.build())) {
      EmulatorDocuSign docusign =
          new EmulatorDocuSign(emulator.docuSignAccountBase(), Clock.systemUTC());
      if (grace != null) {
        docusign = docusign.withReuseGrace(grace);
      }
      List<Connection> connections = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        connections.add(docusign.connect(store.connections(), "owner-kill-" + i));
      }
      if (!Files.exists(classArchive)) {
        // one warm-up worker records the classes it loads (JDK AppCDS), so each replacement JVM
        // after a kill starts in a fraction of the time
        Worker warmup = startWorker(emulator, grace, connections, true);
        warmup.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        warmup.process.destroyForcibly();
      }
      emulator.faults().delayTokenRequests(TOKEN_DELAY); // a refresh takes long enough to be hit
      long refreshesBefore = emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
      Worker[] slots = new Worker[3];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = startWorker(emulator, grace, connections);
        all.add(slots[i]);
      }
      Set<String> lost = new LinkedHashSet<>();
      List<Long> killedAt = new ArrayList<>();
      int killed = 0;
      long started = System.nanoTime();
      long deadline = started + budget.toNanos();
      while (killed < kills && System.nanoTime() < deadline) {
        collectLost(connections, docusign, lost);
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
          if (slots[i].ready()) {
            ready.add(i);
          }
        }
        if (ready.size() < 2) { // a survivor must be there to take over
          Thread.sleep(20);
          continue;
        }
        int slot = awaitLeaseHolder(slots, ready, Duration.ofSeconds(3));
        if (slot < 0) {
          continue;
        }
        slots[slot].process.destroyForcibly(); // SIGKILL: no finally blocks, no lease release
        killedAt.add(System.currentTimeMillis());
        slots[slot].process.waitFor();
        killed++;
        slots[slot] = startWorker(emulator, grace, connections);
        all.add(slots[slot]);
      }
      Thread.sleep(3_000); // survivors take over what the last kills left
      collectLost(connections, docusign, lost);
      long maxCall = 0;
      long maxLeaseWait = 0;
      long maxDeadLeaseWait = 0; // from the kill (or the first wait after it) to the takeover
      long expired = 0;
      long calls = 0;
      for (Worker w : all) {
        long[] s = w.stats();
        maxCall = Math.max(maxCall, s[0]);
        calls += s[1];
        expired += s[2];
        maxLeaseWait = Math.max(maxLeaseWait, s[3]);
        for (long[] t : w.takeovers()) {
          long killBefore =
              killedAt.stream().filter(k -> k <= t[1]).mapToLong(Long::longValue).max().orElse(0);
          maxDeadLeaseWait = Math.max(maxDeadLeaseWait, t[1] - Math.max(t[0], killBefore));
        }
      }
      for (Worker w : all) {
        w.process.destroyForcibly();
        w.process.waitFor();
      }
      // every connection still ACTIVE must really work: its stored refresh token is the live one
      TokenManager check =
          TokenManager.builder(store.connections(), docusign.refresher())
              .settings(TokenManagerSettings.builder().holder("checker").build())
              .refreshTokenPolicies(docusign.policies())
              .build();
      for (Connection c : connections) {
        Connection now = store.connections().find(c.id()).orElseThrow();
        if (now.status() == ConnectionStatus.ACTIVE) {
          try {
            AccessToken t = check.forceRefresh(c.id());
            assertThat(docusign.accepts(t.token())).as("connection %s works", c.id()).isTrue();
          } catch (ReauthRequiredException e) {
            // the final kill of the workers above may itself have lost a rotation
            lost.add(e.reason() + " #final");
          }
        }
      }
      collectLost(connections, docusign, lost);
      return new Outcome(
          killed,
          (System.nanoTime() - started) / 1_000_000_000,
          emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token") - refreshesBefore,
          new ArrayList<>(lost),
          maxDeadLeaseWait,
          maxLeaseWait,
          maxCall,
          expired,
          calls);
    } finally {
      for (Worker w : all) {
        w.process.destroyForcibly();
      }
    }
  }

  /** Records each dead connection's reason (once per death) and reconnects the user. */
  private static void collectLost(
      List<Connection> connections, EmulatorDocuSign docusign, Set<String> lost) {
    for (Connection c : connections) {
      Connection now = store.connections().find(c.id()).orElseThrow();
      if (now.status() != ConnectionStatus.ACTIVE) {
        lost.add(now.statusReason() + " #v" + now.version());
        docusign.connect(store.connections(), c.owner()); // same row, ACTIVE again
      }
    }
  }

  /** The slot of a ready worker that holds a refresh lease right now (it is refreshing). */
  private static int awaitLeaseHolder(Worker[] slots, List<Integer> ready, Duration timeout)
      throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    try (var c = DriverManager.getConnection(pg.url());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT lease_holder FROM connections WHERE lease_holder IS NOT NULL"
                    + " AND lease_expires_at > ?")) {
      while (System.nanoTime() < until) {
        ps.setLong(1, System.currentTimeMillis());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String holder = rs.getString(1);
            for (int i : ready) {
              if (slots[i].holder().equals(holder) && slots[i].process.isAlive()) {
                return i;
              }
            }
          }
        }
        Thread.sleep(2);
      }
    }
    return -1;
  }

  private static Worker startWorker(Emulator emulator, Duration grace, List<Connection> conns)
      throws Exception {
    return startWorker(emulator, grace, conns, false);
  }

  private static Worker startWorker(
      Emulator emulator, Duration grace, List<Connection> conns, boolean recordClasses)
      throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path out = Files.createTempFile(pg.dir, "worker-", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                recordClasses
                    ? "-XX:ArchiveClassesAtExit=" + classArchive
                    : "-XX:SharedArchiveFile=" + classArchive,
                "-Xshare:auto",
                "-Dsignlink.exitAfterReady=" + recordClasses,
                "-cp",
                classpath,
                RefreshWorkerMain.class.getName(),
                pg.url(),
                pg.keysetFile.toString(),
                pg.dir.resolve("data").toString(),
                emulator.docuSignAccountBase().toString(),
                Long.toString(grace == null ? 0 : grace.toMillis())));
    conns.forEach(c -> command.add(c.id()));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    return new Worker(p, out);
  }
}
