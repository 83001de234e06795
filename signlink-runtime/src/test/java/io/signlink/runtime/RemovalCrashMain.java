package io.signlink.runtime;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvents;
import io.signlink.connection.TokenManager;
import io.signlink.oauth.Secret;
import io.signlink.runtime.webhook.WebhookDispatcher;
import io.signlink.runtime.webhook.WebhookTarget;
import io.signlink.store.KeysetSource;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Disconnects one connection as the service does ({@link ConnectionRemoval}, the provider's
 * revocation answered "revoked"), with the event log and the webhook outbox recording its events,
 * as a separate JVM for {@link RemovalCrashTest}: {@code <jdbc-url> <keyset-file> <data-dir>
 * <connection-id> halt|finish}. With {@code halt} the process dies at once, as {@code kill -9}
 * would, after both recorders have written the first event and before anything commits; with {@code
 * finish} it exits normally.
 */
public final class RemovalCrashMain {
  static final URI HOOK = URI.create("https://hooks.example/signlink");

  private RemovalCrashMain() {}

  public static void main(String[] args) {
    SignLinkStore store =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(args[0])
                .keyset(KeysetSource.file(Path.of(args[1])))
                .dataDir(Path.of(args[2]))
                .build());
    ConnectionEvents events = new ConnectionEvents();
    events.registerRecorder(store.events());
    WebhookTarget target =
        new WebhookTarget(
            "default", List.of(HOOK), Secret.of("crash-test-webhook-secret-0123"), null, null);
    events.registerRecorder(
        new WebhookDispatcher(
            app -> Optional.of(target), store.webhookOutbox(), Duration.ofHours(1), null));
    if (args[4].equals("halt")) {
      events.registerRecorder(
          e -> {
            System.out.println("HALT at " + e.type());
            System.out.flush();
            Runtime.getRuntime().halt(137);
          });
    }
    TokenManager tokens =
        TokenManager.builder(
                store.connections(),
                c -> {
                  throw new IllegalStateException("a removal refreshes nothing");
                })
            .build();
    Connection c = store.connections().find(args[3]).orElseThrow();
    ConnectionRemoval.Outcome outcome =
        new ConnectionRemoval(store.connections(), tokens, x -> true, events, Clock.systemUTC())
            .remove(c);
    System.out.println("REMOVED " + outcome.deleted());
    store.close();
  }
}
