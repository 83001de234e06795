package io.signlink.it.lifecycle;

import io.signlink.connection.AccessToken;
import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.error.ReauthRequiredException;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SignLink instance run as a separate JVM by {@link KillDuringRefreshTest}, to be killed with
 * {@code kill -9} in the middle of refreshes: six threads ask for access tokens of the given
 * connections, forever, with the production lease settings (1.5 s TTL, heartbeat every 0.5 s). It
 * prints {@code READY} after the first token, then every 100 ms a {@code STAT} line with the
 * longest call and the longest wait on another instance's lease so far ({@link LeaseWaitMeter}), so
 * the parent can see how long survivors were blocked.
 *
 * <p>Arguments: jdbc URL, keyset file, data dir, emulator DocuSign account base, the provider's
 * refresh-token reuse grace in ms (0: none), connection ids...
 */
public final class RefreshWorkerMain {
  private RefreshWorkerMain() {}

  public static void main(String[] args) throws Exception {
    SignLinkStore store =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(args[0])
                .keyset(KeysetSource.file(Path.of(args[1])))
                .dataDir(Path.of(args[2]))
                .poolSize(4)
                .build());
    long graceMs = Long.parseLong(args[4]);
    EmulatorDocuSign docusign = new EmulatorDocuSign(URI.create(args[3]), Clock.systemUTC());
    if (graceMs > 0) {
      docusign = docusign.withReuseGrace(Duration.ofMillis(graceMs));
    }
    LeaseWaitMeter meter = new LeaseWaitMeter(store.connections());
    TokenManager manager =
        TokenManager.builder(meter, docusign.refresher())
            .settings(
                TokenManagerSettings.builder()
                    .holder("worker-" + ProcessHandle.current().pid())
                    .build())
            .refreshTokenPolicies(docusign.policies())
            .build();
    manager.followStoreChanges();
    List<String> ids = List.of(args).subList(5, args.length);
    AtomicLong maxMillis = new AtomicLong();
    AtomicLong ok = new AtomicLong();
    AtomicLong expired = new AtomicLong();
    AtomicLong reauth = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    for (int t = 0; t < 6; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                  long start = System.nanoTime();
                  java.time.Instant asked = Clock.systemUTC().instant();
                  try {
                    AccessToken token = manager.accessToken(id);
                    // expired before it was even asked for: on a loaded machine a thread may stall
                    // past a short token's last second after the answer, which is not SignLink's
                    if (!token.expiresAt().isAfter(asked)) {
                      expired.incrementAndGet();
                    }
                    ok.incrementAndGet();
                  } catch (ReauthRequiredException e) {
                    reauth.incrementAndGet();
                  } catch (RuntimeException e) {
                    errors.incrementAndGet();
                  } finally {
                    meter.callEnded();
                  }
                  maxMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                  try {
                    Thread.sleep(2); // callers, not a CPU burner: leave room for the others
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      thread.setDaemon(true);
      thread.start();
    }
    boolean ready = false;
    while (true) {
      Thread.sleep(100);
      if (!ready && ok.get() > 0) {
        ready = true;
        System.out.println("READY");
        if (Boolean.getBoolean("signlink.exitAfterReady")) {
          System.out.flush();
          System.exit(0); // a warm-up run that records its classes for the next JVMs
        }
      }
      for (long[] t; (t = meter.takeovers.poll()) != null; ) {
        System.out.printf("TAKEOVER waitedFrom=%d at=%d%n", t[0], t[1]);
      }
      System.out.printf(
          "STAT max=%d ok=%d expired=%d leaseWait=%d deadLeaseWait=%d reauth=%d errors=%d%n",
          maxMillis.get(),
          ok.get(),
          expired.get(),
          meter.maxWaitMillis.get(),
          meter.maxDeadWaitMillis.get(),
          reauth.get(),
          errors.get());
      System.out.flush();
    }
  }
}
