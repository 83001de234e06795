package io.signlink.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.connection.TokenManager;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.StoreException;
import io.signlink.store.SignLinkStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection revoked or deleted on instance A stops being served from instance B's cache through
 * the store's change feed (PostgreSQL {@code LISTEN/NOTIFY}): B's cached token is otherwise good
 * for most of an hour (the control test), so only the notice can make B stop. It takes
 * milliseconds, printed as a figure; the awaits' bound only allows for a loaded machine.
 */
class CrossInstanceInvalidationTest {
  static PgSchema pg;
  static Emulator emulator;
  static SignLinkStore a;
  static SignLinkStore b;
  TokenManager onB;
  EmulatorDocuSign docusign;

  @BeforeAll
  static void start() throws Exception {
    pg = new PgSchema();
    emulator =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .redirectUri(EmulatorDocuSign.REDIRECT)
                .build());
    a = pg.open(Clock.systemUTC(), 2);
    b = pg.open(Clock.systemUTC(), 2);
  }

  @AfterAll
  static void stop() throws Exception {
    a.close();
    b.close();
    emulator.close();
    pg.close();
  }

  @BeforeEach
  void instances() {
    docusign = new EmulatorDocuSign(emulator.docuSignAccountBase(), Clock.systemUTC());
    onB = TokenManager.builder(b.connections(), docusign.refresher()).build();
  }

  @AfterEach
  void close() {
    onB.close();
  }

  @Test
  void aConnectionRevokedOnInstanceAStopsBeingServedOnInstanceBOnItsChangeNotice() {
    onB.followStoreChanges();
    Connection c = docusign.connect(a.connections(), "owner-revoke-" + System.nanoTime());
    onB.accessToken(c.id()); // cached on B
    long start = System.nanoTime();
    a.connections()
        .compareAndSet(
            a.connections()
                .find(c.id())
                .orElseThrow()
                .withStatus(
                    ConnectionStatus.REVOKED, "revoked by the user", java.time.Instant.now()));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> throwsOnB(c.id(), ReauthRequiredException.class));
    System.out.printf(
        "[lifecycle] revoke on A seen by B after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void aConnectionDeletedOnInstanceAStopsBeingServedOnInstanceBOnItsChangeNotice() {
    onB.followStoreChanges();
    Connection c = docusign.connect(a.connections(), "owner-delete-" + System.nanoTime());
    onB.accessToken(c.id());
    long start = System.nanoTime();
    assertThat(a.connections().delete(c.id())).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> throwsOnB(c.id(), StoreException.class));
    System.out.printf(
        "[lifecycle] delete on A seen by B after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void withoutFollowingChangesInstanceBWouldKeepServingARevokedConnection() {
    Connection c = docusign.connect(a.connections(), "owner-control-" + System.nanoTime());
    onB.accessToken(c.id());
    a.connections()
        .compareAndSet(
            a.connections()
                .find(c.id())
                .orElseThrow()
                .withStatus(ConnectionStatus.REVOKED, "revoked", java.time.Instant.now()));
    // the control: the cache alone cannot know, which is what the subscription is for
    assertThat(onB.accessToken(c.id()).connectionId()).isEqualTo(c.id());
    onB.invalidate(c.id());
    assertThatThrownBy(() -> onB.accessToken(c.id())).isInstanceOf(ReauthRequiredException.class);
  }

  private boolean throwsOnB(String id, Class<? extends Exception> type) {
    try {
      onB.accessToken(id);
      return false;
    } catch (RuntimeException e) {
      return type.isInstance(e);
    }
  }
}
