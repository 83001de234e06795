package io.signlink.runtime.webhook;

import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One SignLink instance that only delivers webhooks, as a separate JVM for {@link
 * WebhookOutboxKillTest}: {@code <jdbc-url> <keyset-file> <data-dir> <holder> <secret> <urls,…>}.
 * Prints {@code READY} once it polls, then runs until killed.
 */
public final class OutboxWorkerMain {
  /**
   * Senders per instance: the bound on repeats a killed instance can leave. The 5 s timeout keeps a
   * slow answer on a loaded machine from counting as a failure (which would be sent again, too).
   */
  static final int PARALLELISM = 4;

  static final WebhookDelivery.Settings SETTINGS =
      new WebhookDelivery.Settings(
          PARALLELISM,
          Duration.ofSeconds(12),
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          new RetrySchedule(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(10)));

  private OutboxWorkerMain() {}

  public static void main(String[] args) throws Exception {
    SignLinkStore store =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(args[0])
                .keyset(KeysetSource.file(Path.of(args[1])))
                .dataDir(Path.of(args[2]))
                .poolSize(PARALLELISM + 2)
                .build());
    List<URI> urls = Arrays.stream(args[5].split(",")).map(URI::create).toList();
    WebhookTarget target = new WebhookTarget("default", urls, Secret.of(args[4]), null, null);
    WebhookDelivery delivery =
        new WebhookDelivery(
            store.webhookOutbox(),
            app -> Optional.of(target),
            new JdkHttpTransport(),
            Clock.systemUTC(),
            SETTINGS,
            args[3]);
    delivery.start();
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join();
  }
}
