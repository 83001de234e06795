package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionEvent;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.store.KeysetSource;
import io.signlink.store.PgTestSchema;
import io.signlink.store.SignLinkStore;
import io.signlink.store.StoreConfig;
import io.signlink.store.crypto.Keysets;
import io.signlink.store.outbox.DeliveryStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process that dies (as {@code kill -9} would) while it disconnects a connection, after the event
 * log and the webhook outbox have written its events and before the commit, leaves the connection
 * as it was and no event behind: the change and its events commit together or not at all
 * (SECURITY.md §durable-webhooks). The same removal run to its end leaves the connection gone with
 * both events in the log and in the outbox. On SQLite and on PostgreSQL, each removal in its own
 * JVM ({@link RemovalCrashMain}).
 */
class RemovalCrashTest {
  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRemovalKilledBeforeItsCommitLeavesTheConnectionAndNoEvent(String backend) throws Exception {
    String url;
    Path keyset;
    Path data;
    if (backend.equals("postgresql")) {
      PgTestSchema pg = new PgTestSchema();
      open.add(pg);
      url = pg.url();
      keyset = pg.keysetFile;
      data = pg.dir.resolve("data");
    } else {
      url = "jdbc:sqlite:" + dir.resolve("signlink.db");
      keyset = dir.resolve("keyset.json");
      Keysets.createFile(keyset);
      data = dir.resolve("data");
    }
    SignLinkStore store =
        SignLinkStore.open(
            StoreConfig.builder()
                .jdbcUrl(url)
                .keyset(KeysetSource.file(keyset))
                .dataDir(data)
                .build());
    open.add(store);
    Connection c = store.connections().upsert(draft(Instant.now())).connection();

    Run killed = run(url, keyset, data, c.id(), "halt");
    assertThat(killed.exit()).as(killed.output()).isEqualTo(137);
    assertThat(killed.output()).contains("HALT at REVOKED");
    assertThat(store.connections().find(c.id())).as("the connection stays").isPresent();
    assertThat(store.events().recent(c.id(), 10)).as("no event logged").isEmpty();
    assertThat(store.webhookOutbox().counts("default").getOrDefault(DeliveryStatus.PENDING, 0L))
        .as("no webhook waiting")
        .isZero();

    Run finished = run(url, keyset, data, c.id(), "finish");
    assertThat(finished.exit()).as(finished.output()).isZero();
    assertThat(finished.output()).contains("REMOVED true");
    assertThat(store.connections().find(c.id())).isEmpty();
    assertThat(store.events().recent(c.id(), 10))
        .extracting(ConnectionEvent::type)
        .containsExactlyInAnyOrder(ConnectionEvent.Type.REVOKED, ConnectionEvent.Type.DELETED);
    assertThat(store.webhookOutbox().counts("default").get(DeliveryStatus.PENDING)).isEqualTo(2);
  }

  record Run(int exit, String output) {}

  private Run run(String url, Path keyset, Path data, String connectionId, String mode)
      throws Exception {
    Path out = Files.createTempFile(dir, mode + "-", ".log");
    Process p =
        ChildJvm.start(
            RemovalCrashMain.class,
            out,
            url,
            keyset.toString(),
            data.toString(),
            connectionId,
            mode);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the removal did not end in 60 s: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out));
  }

  private static ConnectionDraft draft(Instant now) {
    Account a = new Account("acc-1", "Account one", "https://demo.docusign.net", true);
    return new ConnectionDraft(
        "docusign",
        "alice",
        "subject-alice",
        a.accountId(),
        a.accountName(),
        a.baseUri(),
        List.of(a),
        Set.of("signature"),
        new TokenSet(
            Secret.of("crash-test-access-token"),
            "Bearer",
            Secret.of("crash-test-refresh-token"),
            null,
            Set.of("signature"),
            now,
            now.plus(Duration.ofHours(8)),
            now.plus(Duration.ofDays(30))));
  }
}
