package io.signlink.it.lifecycle;

import io.signlink.connection.TokenManager;
import io.signlink.connection.TokenManagerSettings;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SignLink instance run as a separate JVM by {@link KillDuringRefreshTest}, to be killed with
 * {@code kill -9} in the middle of refreshes: it forces refreshes of the given connections on four
 * threads, forever, and prints {@code READY} after the first one committed.
 *
 * <p>Arguments: jdbc URL, keyset file, data dir, emulator DocuSign account base, lease TTL (ms),
 * connection ids...
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
    EmulatorDocuSign docusign = new EmulatorDocuSign(URI.create(args[3]), Clock.systemUTC());
    TokenManager manager =
        TokenManager.builder(store.connections(), docusign.refresher())
            .settings(
                TokenManagerSettings.builder()
                    .holder("worker-" + ProcessHandle.current().pid())
                    .leaseTtl(Duration.ofMillis(Long.parseLong(args[4])))
                    .build())
            .build();
    List<String> ids = List.of(args).subList(5, args.length);
    AtomicBoolean ready = new AtomicBoolean();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  try {
                    manager.forceRefresh(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
                    if (ready.compareAndSet(false, true)) {
                      System.out.println("READY");
                      System.out.flush();
                    }
                  } catch (RuntimeException e) {
                    // dead grants and busy leases are expected here; the parent judges the outcome
                  }
                }
              });
      thread.start();
    }
    Thread.currentThread().join();
  }
}
