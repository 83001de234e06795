package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ReauthRequiredException;
import io.signlink.error.TransientException;
import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token cache stays coherent with the store when change notices are lost (SECURITY.md
 * §cache-coherence): dead answers are re-checked against the row within {@link
 * TokenCache#DEAD_RECHECK}, and everything is dropped when the store says notices may have been
 * missed. The store here delivers no notices at all, as a disconnected {@code LISTEN} does.
 */
class CacheCoherenceTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  /** A store whose change notices never arrive, that can be "down", and can say "missed". */
  static final class DeafStore extends InMemoryConnectionStore {
    final AtomicBoolean down = new AtomicBoolean();
    volatile Runnable missed = () -> {};

    DeafStore(MutableClock clock) {
      super(clock);
    }

    @Override
    public Optional<Connection> find(String id) {
      if (down.get()) {
        throw new TransientException(
            TransientException.Kind.DATABASE_UNAVAILABLE, "database down", null, false, null);
      }
      return super.find(id);
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
      return () -> {};
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener, Runnable missed) {
      this.missed = missed;
      return () -> {};
    }
  }

  MutableClock clock = new MutableClock(T0);
  DeafStore store = new DeafStore(clock);
  ScriptedRefresher refresher = new ScriptedRefresher(clock);
  TokenManager manager;

  @BeforeEach
  void setUp() {
    manager =
        TokenManager.builder(store, refresher)
            .settings(
                TokenManagerSettings.builder()
                    .reconnectUrl(c -> "https://signlink.test/connect/" + c.providerId())
                    .build())
            .clock(clock)
            .sleeper(clock::advance)
            .build();
    manager.followStoreChanges();
  }

  @AfterEach
  void tearDown() {
    manager.close();
  }

  Connection active(String accessToken) {
    return store.put(
        Fixtures.connection(
            "docusign",
            Fixtures.tokens(accessToken, "rt-" + accessToken, T0, Duration.ofHours(1)),
            T0));
  }

  /** Another instance reconnects the user: the row is ACTIVE again with new tokens, unannounced. */
  void reconnectedElsewhere(String id, String accessToken) {
    Connection row = store.peek(id);
    Connection fresh =
        row.withRefreshedTokens(
            Fixtures.tokens(accessToken, "rt-" + accessToken, clock.instant(), Duration.ofHours(1)),
            clock.instant());
    assertThat(store.compareAndSet(fresh)).isPresent();
  }

  @Test
  void aConnectionReconnectedElsewhereIsServedWithinTheDeadRecheckBoundWithoutAnyNotice() {
    Connection c = active("at-0");
    store.compareAndSet(
        c.withStatus(ConnectionStatus.REAUTH_REQUIRED, "refresh token revoked", T0));
    assertThatThrownBy(() -> manager.accessToken(c.id()))
        .isInstanceOf(ReauthRequiredException.class);
    reconnectedElsewhere(c.id(), "at-new");

    // inside the bound the dead answer is served without I/O
    int reads = store.finds.get();
    clock.advance(TokenCache.DEAD_RECHECK.minusMillis(1));
    assertThatThrownBy(() -> manager.accessToken(c.id()))
        .isInstanceOf(ReauthRequiredException.class);
    assertThat(store.finds.get()).isEqualTo(reads);

    // at the bound the row is read again and the new token served
    clock.advance(Duration.ofMillis(1));
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-new");
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void aStillDeadConnectionIsReadAtMostOncePerRecheckInterval() {
    Connection c = active("at-0");
    store.compareAndSet(c.withStatus(ConnectionStatus.REVOKED, "revoked by the user", T0));
    assertThatThrownBy(() -> manager.accessToken(c.id()))
        .isInstanceOf(ReauthRequiredException.class);
    int reads = store.finds.get();
    for (int second = 0; second < 10; second++) {
      for (int call = 0; call < 50; call++) {
        assertThatThrownBy(() -> manager.accessToken(c.id()))
            .isInstanceOf(ReauthRequiredException.class);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    // 10 s at one re-check per 2 s
    assertThat(store.finds.get() - reads).isBetween(4, 5);
  }

  @Test
  void whileTheDatabaseIsDownADeadAnswerStandsAndIsRecheckedOnceItIsBack() {
    Connection c = active("at-0");
    store.compareAndSet(c.withStatus(ConnectionStatus.REAUTH_REQUIRED, "dead", T0));
    assertThatThrownBy(() -> manager.accessToken(c.id()))
        .isInstanceOf(ReauthRequiredException.class);
    reconnectedElsewhere(c.id(), "at-new");
    store.down.set(true);
    clock.advance(TokenCache.DEAD_RECHECK);
    assertThatThrownBy(() -> manager.accessToken(c.id()))
        .isInstanceOf(ReauthRequiredException.class);

    store.down.set(false);
    clock.advance(TokenCache.DEAD_RECHECK);
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-new");
  }

  @Test
  void whenTheStoreSaysNoticesWereMissedEveryCachedEntryIsReadAgain() {
    Connection revoked = active("at-a");
    Connection renewed = active("at-b");
    assertThat(manager.accessToken(revoked.id()).token().reveal()).isEqualTo("at-a");
    assertThat(manager.accessToken(renewed.id()).token().reveal()).isEqualTo("at-b");
    // changes made elsewhere while the notices were not heard
    store.compareAndSet(
        store.peek(revoked.id()).withStatus(ConnectionStatus.REVOKED, "revoked", T0));
    reconnectedElsewhere(renewed.id(), "at-b2");
    assertThat(manager.accessToken(revoked.id()).token().reveal()).isEqualTo("at-a");
    assertThat(manager.accessToken(renewed.id()).token().reveal()).isEqualTo("at-b");

    store.missed.run(); // the LISTEN connection is back

    assertThatThrownBy(() -> manager.accessToken(revoked.id()))
        .isInstanceOf(ReauthRequiredException.class);
    assertThat(manager.accessToken(renewed.id()).token().reveal()).isEqualTo("at-b2");
  }

  @Test
  void cachedTokensKeepBeingServedWhileTheDatabaseIsDown() {
    Connection c = active("at-0");
    manager.accessToken(c.id());
    store.down.set(true);
    clock.advance(Duration.ofMinutes(30));
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-0");
  }

  @Test
  void aCachedTokenInsideItsSafetyMarginIsServedThroughAnOutageUntilTheMinimumValidity() {
    Connection c = active("at-0");
    manager.accessToken(c.id());
    store.down.set(true);
    Instant expiry = T0.plus(Duration.ofHours(1));
    Duration minimum = manager.settings().minimumValidity();
    clock.set(expiry.minus(manager.settings().safetyMargin()).plusSeconds(1)); // no longer fresh
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-0");
    int reads = store.finds.get();
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-0");
    assertThat(store.finds.get()).isEqualTo(reads); // the database is tried again only later

    clock.set(expiry.minus(minimum));
    assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(TransientException.class);
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void aForcedRefreshDuringAnOutageReportsTheOutage() {
    Connection c = active("at-0");
    manager.accessToken(c.id());
    store.down.set(true);
    assertThatThrownBy(() -> manager.forceRefresh(c.id())).isInstanceOf(TransientException.class);
    assertThat(manager.accessToken(c.id()).token().reveal()).isEqualTo("at-0");
  }
}
