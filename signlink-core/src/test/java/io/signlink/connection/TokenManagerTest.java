package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenManagerTest {
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final Duration MARGIN = Duration.ofMinutes(5);

  MutableClock clock = new MutableClock(T0);
  InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  ScriptedRefresher refresher = new ScriptedRefresher(clock);
  List<Duration> sleeps = new CopyOnWriteArrayList<>();
  List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  TokenManager manager;
  Connection conn;

  @BeforeEach
  void setUp() {
    manager = manager(store, "me");
    conn =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("at-0", "rt-0", T0, Duration.ofHours(1)), T0));
  }

  TokenManager manager(ConnectionStore s, String holder) {
    return TokenManager.builder(s, refresher)
        .settings(
            TokenManagerSettings.builder()
                .holder(holder)
                .reconnectUrl(
                    c -> "https://signlink.test/connect/" + c.providerId() + "?owner=" + c.owner())
                .build())
        .clock(clock)
        .sleeper(
            d -> { // moves the clock instead of waiting, recording each delay
              sleeps.add(d);
              clock.advance(d);
            })
        .random(RandomGenerator.of("L64X128MixRandom"))
        .events(events::add)
        .build();
  }

  @Test
  void servesACachedTokenWithoutReadingTheStoreAgain() {
    AccessToken first = manager.accessToken(conn.id());
    int reads = store.finds.get();
    for (int i = 0; i < 100; i++) {
      assertThat(manager.accessToken(conn.id())).isSameAs(first);
    }
    assertThat(store.finds.get()).isEqualTo(reads);
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void doesNotRefreshATokenValidForOneSecondMoreThanTheMargin() {
    clock.set(T0.plus(Duration.ofHours(1)).minus(MARGIN).minusSeconds(1));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-0");
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void refreshesATokenValidForOneSecondLessThanTheMargin() {
    clock.set(T0.plus(Duration.ofHours(1)).minus(MARGIN).plusSeconds(1));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-1");
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void refreshesATokenValidForExactlyTheMargin() {
    clock.set(T0.plus(Duration.ofHours(1)).minus(MARGIN));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-1");
  }

  @Test
  void aCachedTokenStopsBeingServedOnceInsideTheMargin() {
    manager.accessToken(conn.id());
    clock.set(T0.plus(Duration.ofMinutes(55)));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-1");
  }

  @Test
  void commitsTheRotatedRefreshTokenBeforeAnsweringAndUsesItNext() {
    clock.advance(Duration.ofMinutes(56));
    AccessToken t = manager.accessToken(conn.id());
    assertThat(store.peek(conn.id()).tokens().refreshToken().reveal()).isEqualTo("rt-1");
    assertThat(store.peek(conn.id()).version()).isEqualTo(t.version()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(56));
    manager.accessToken(conn.id());
    assertThat(refresher.usedRefreshTokens).containsExactly("rt-0", "rt-1");
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsOnly(ConnectionEvent.Type.REFRESHED);
  }

  @Test
  void keepsTheOldRefreshTokenWhenTheResponseHasNone() {
    refresher.rotate = false;
    clock.advance(Duration.ofMinutes(56));
    manager.accessToken(conn.id());
    assertThat(store.peek(conn.id()).tokens().refreshToken().reveal()).isEqualTo("rt-0");
  }

  @Test
  void aRaceLostToAnotherInstanceIsNotADeadGrant() {
    clock.advance(Duration.ofMinutes(56));
    refresher.then(
        c -> {
          // another instance rotated rt-0 → rt-other (but its access token is already near expiry)
          Connection other = store.peek(c.id());
          store.compareAndSet(
              other.withRefreshedTokens(
                  Fixtures.tokens(
                      "at-other",
                      "rt-other",
                      clock.instant().minus(Duration.ofMinutes(59)),
                      Duration.ofHours(1)),
                  clock.instant()));
          throw invalidGrant();
        });
    AccessToken t = manager.accessToken(conn.id());
    assertThat(refresher.usedRefreshTokens).containsExactly("rt-0", "rt-other");
    assertThat(t.token().reveal()).isEqualTo("at-2");
    assertThat(store.peek(conn.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void theEventsOfARefreshAndOfADeadGrantAreRecordedInsideTheirChangesTransaction() {
    ConnectionEvents fanOut = new ConnectionEvents();
    List<String> heard = new CopyOnWriteArrayList<>();
    fanOut.registerRecorder(
        e -> heard.add("record " + e.type() + (store.inTransaction() ? " inside" : " outside")));
    fanOut.register(
        e -> heard.add("tell " + e.type() + (store.inTransaction() ? " inside" : " outside")));
    TokenManager m =
        TokenManager.builder(store, refresher)
            .settings(TokenManagerSettings.builder().holder("me").build())
            .clock(clock)
            .sleeper(clock::advance)
            .events(fanOut)
            .build();

    clock.advance(Duration.ofMinutes(56));
    m.accessToken(conn.id());
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(invalidGrant());
    assertThatThrownBy(() -> m.accessToken(conn.id())).isInstanceOf(ReauthRequiredException.class);

    assertThat(heard)
        .containsExactly(
            "record REFRESHED inside",
            "tell REFRESHED outside",
            "record REAUTH_REQUIRED inside",
            "tell REAUTH_REQUIRED outside");
  }

  @Test
  void invalidGrantWithAnUnchangedRowMarksReauthRequiredWithAReconnectLink() {
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(invalidGrant());
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOfSatisfying(
            ReauthRequiredException.class,
            e -> {
              assertThat(e.reconnectUrl())
                  .contains("https://signlink.test/connect/docusign?owner=owner-1");
              assertThat(e.reason()).contains("invalid_grant");
            });
    Connection stored = store.peek(conn.id());
    assertThat(stored.status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
    assertThat(stored.statusReason()).contains("invalid_grant");
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.REAUTH_REQUIRED);
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void aDeadConnectionIsAnsweredWithoutIo() {
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(invalidGrant());
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOf(ReauthRequiredException.class);
    int reads = store.finds.get();
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> manager.accessToken(conn.id()))
          .isInstanceOf(ReauthRequiredException.class);
    }
    assertThat(store.finds.get()).isEqualTo(reads);
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void aRevokedConnectionThrowsReauthRequiredWithoutRefreshing() {
    store.compareAndSet(conn.withStatus(ConnectionStatus.REVOKED, "revoked by the user", T0));
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOfSatisfying(
            ReauthRequiredException.class, e -> assertThat(e.reason()).contains("revoked"));
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void invalidClientPausesTheProviderAndLeavesConnectionsActive() {
    Connection other =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("x", "rt-x", T0, Duration.ofHours(1)), T0));
    clock.advance(Duration.ofMinutes(61)); // both expired: nothing valid left to serve
    refresher.thenThrow(
        new ProviderRejectedException(
            "docusign", "invalid_client", "secret expired", 401, null, null));
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOf(ProviderRejectedException.class);
    assertThatThrownBy(() -> manager.accessToken(other.id()))
        .isInstanceOf(TransientException.class);
    assertThat(refresher.calls.get()).isEqualTo(1);
    assertThat(store.peek(conn.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(store.peek(other.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(manager.pausedProviders()).containsKey("docusign");
    assertThat(events)
        .extracting(ConnectionEvent::type)
        .containsExactly(ConnectionEvent.Type.REFRESH_FAILED);
  }

  @Test
  void transientFaultsAreRetriedTwiceWithGrowingJitteredBackoff() {
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(serverError(null)).thenThrow(serverError(null));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-3");
    assertThat(refresher.calls.get()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void aStillValidTokenKeepsServingWhileTheProviderIsDown() {
    clock.advance(Duration.ofMinutes(56));
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-0");
    assertThat(refresher.calls.get()).isEqualTo(3);
    assertThat(store.peek(conn.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(store.peek(conn.id()).version()).isEqualTo(1);
  }

  @Test
  void anExpiredTokenAndADownProviderGiveATransientError() {
    clock.advance(Duration.ofMinutes(61));
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    assertThatThrownBy(() -> manager.accessToken(conn.id())).isInstanceOf(TransientException.class);
    assertThat(store.peek(conn.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void retryAfterUnderTheCapIsWaited() {
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(rateLimited(Duration.ofSeconds(2)));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-2");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterOverTheCapFailsFastAndPassesItOn() {
    clock.advance(Duration.ofMinutes(61));
    refresher.thenThrow(rateLimited(Duration.ofSeconds(86400)));
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(86400)));
    assertThat(refresher.calls.get()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void automaticRefreshesWaitOutTheCooldownButAForcedOneDoesNot() {
    clock.advance(Duration.ofMinutes(56));
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    manager.accessToken(conn.id()); // 3 failed attempts, still-valid token served
    clock.advance(Duration.ofSeconds(5));
    manager.invalidate(conn.id());
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-0");
    assertThat(refresher.calls.get()).isEqualTo(3); // inside the cooldown: no request
    assertThat(manager.forceRefresh(conn.id()).token().reveal()).isEqualTo("at-4");
    assertThat(refresher.calls.get()).isEqualTo(4);
  }

  @Test
  void aFailedManualRefreshReportsTheFailureWhileOrdinaryCallersKeepTheValidToken() {
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    assertThatThrownBy(() -> manager.forceRefresh(conn.id()))
        .isInstanceOf(TransientException.class);
    assertThat(refresher.calls.get()).isEqualTo(3);
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-0");
    assertThat(refresher.calls.get()).isEqualTo(3); // the cooldown holds for automatic refreshes
  }

  @Test
  void aRetryAfterA401GetsTheProvidersFailureNotTheRejectedTokenAgain() {
    Secret rejected = manager.accessToken(conn.id()).token();
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    assertThatThrownBy(() -> manager.refreshAfterRejection(conn.id(), rejected))
        .isInstanceOf(TransientException.class);
  }

  @Test
  void aLostAnswerIsRetriedOnceThenInvalidGrantSaysItWasLostAfterRotation() {
    clock.advance(Duration.ofMinutes(56));
    refresher.thenThrow(lostAnswer()).thenThrow(invalidGrant());
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOfSatisfying(
            ReauthRequiredException.class,
            e -> assertThat(e.reason()).startsWith("refresh_outcome_lost:"));
    assertThat(refresher.usedRefreshTokens).containsExactly("rt-0", "rt-0");
    assertThat(store.peek(conn.id()).statusReason()).startsWith("refresh_outcome_lost:");
    assertThat(events)
        .filteredOn(e -> e.type() == ConnectionEvent.Type.REFRESH_FAILED)
        .extracting(ConnectionEvent::detail)
        .containsExactly("refresh_outcome_lost");
  }

  @Test
  void twoLostAnswersInARowAreNotRetriedAgain() {
    clock.advance(Duration.ofMinutes(61));
    refresher.thenThrow(lostAnswer()).thenThrow(lostAnswer());
    assertThatThrownBy(() -> manager.accessToken(conn.id())).isInstanceOf(TransientException.class);
    assertThat(refresher.calls.get()).isEqualTo(2);
  }

  @Test
  void afterTakingTheLeaseARowAlreadyRefreshedElsewhereIsUsedAsIs() {
    InMemoryConnectionStore racing =
        new InMemoryConnectionStore(clock) {
          @Override
          public synchronized boolean tryLease(String id, String holder, Duration ttl) {
            Connection c = peek(id);
            compareAndSet(
                c.withRefreshedTokens(
                    Fixtures.tokens(
                        "at-elsewhere", "rt-elsewhere", clock.instant(), Duration.ofHours(1)),
                    clock.instant()));
            return super.tryLease(id, holder, ttl);
          }
        };
    Connection c = racing.put(conn);
    clock.advance(Duration.ofMinutes(56));
    assertThat(manager(racing, "me").accessToken(c.id()).token().reveal())
        .isEqualTo("at-elsewhere");
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void whileAnotherInstanceHoldsTheLeaseTheStillUsableTokenIsServedWithoutWaiting() {
    clock.advance(Duration.ofMinutes(56)); // 4 min left: stale, but far above the 10 s floor
    assertThat(store.tryLease(conn.id(), "other-instance", Duration.ofSeconds(30))).isTrue();
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-0");
    assertThat(sleeps).isEmpty();
    assertThat(refresher.calls.get()).isZero();
  }

  @Test
  void withNoUsableTokenLeftACallerWaitsForALeaseHeldElsewhereAndUsesThatInstancesTokens() {
    clock.advance(Duration.ofMinutes(59).plusSeconds(55)); // 5 s left: below the floor
    assertThat(store.tryLease(conn.id(), "other-instance", Duration.ofSeconds(30))).isTrue();
    TokenManager waiting =
        TokenManager.builder(store, refresher)
            .settings(TokenManagerSettings.builder().holder("me").build())
            .clock(clock)
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                  if (sleeps.size() == 3) { // the other instance commits while we poll
                    Connection row = store.peek(conn.id());
                    store.compareAndSet(
                        row.withRefreshedTokens(
                            Fixtures.tokens(
                                "at-elsewhere",
                                "rt-elsewhere",
                                clock.instant(),
                                Duration.ofHours(1)),
                            clock.instant()));
                  }
                })
            .build();
    assertThat(waiting.accessToken(conn.id()).token().reveal()).isEqualTo("at-elsewhere");
    assertThat(refresher.calls.get()).isZero();
    assertThat(sleeps).hasSize(3).allMatch(d -> d.equals(Duration.ofMillis(100)));
  }

  @Test
  void aLeaseLeftByADeadInstanceIsTakenOverAfterItsShortTtl() {
    clock.advance(Duration.ofMinutes(59).plusSeconds(55));
    store.tryLease(conn.id(), "crashed-instance", Duration.ofMillis(1500));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-1");
    assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isBetween(1_500L, 1_700L);
    assertThat(store.leaseHolder(conn.id())).isEmpty();
  }

  @Test
  void invalidGrantAfterTakingOverADeadHoldersLeaseIsRecordedAsOutcomeLost() {
    InMemoryConnectionStore abandoned =
        new InMemoryConnectionStore(clock) {
          @Override
          public LeaseGrant acquireLease(String id, String holder, Duration ttl) {
            return tryLease(id, holder, ttl) ? LeaseGrant.TAKEN_OVER : LeaseGrant.HELD;
          }
        };
    Connection c = abandoned.put(conn);
    clock.advance(Duration.ofMinutes(61));
    refresher.thenThrow(invalidGrant());
    assertThatThrownBy(() -> manager(abandoned, "survivor").accessToken(c.id()))
        .isInstanceOfSatisfying(
            ReauthRequiredException.class,
            e -> assertThat(e.reason()).startsWith("refresh_outcome_lost:"));
    assertThat(refresher.usedRefreshTokens).containsExactly("rt-0");
    assertThat(events)
        .extracting(ConnectionEvent::type, ConnectionEvent::detail)
        .contains(tuple(ConnectionEvent.Type.REFRESH_FAILED, "refresh_outcome_lost"));
  }

  @Test
  void aLostAnswerIsRetriedOnlyWithinTheProvidersReuseGrace() {
    TokenManager graced =
        TokenManager.builder(store, refresher)
            .clock(clock)
            .sleeper(clock::advance)
            .refreshTokenPolicies(
                Map.of(
                    "docusign",
                    new io.signlink.provider.RefreshTokenPolicy(Duration.ofMillis(100), null)))
            .build();
    clock.advance(Duration.ofMinutes(61));
    refresher.thenThrow(lostAnswer());
    // the backoff before a retry (at least 250 ms) outlasts a 100 ms grace: no retry
    assertThatThrownBy(() -> graced.accessToken(conn.id())).isInstanceOf(TransientException.class);
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void sixCallsInSixSecondsOnASixtySecondTokenCauseNoRefreshAndItsExpiryExactlyOne() {
    Connection shortLived =
        store.put(
            Fixtures.connection(
                "docusign",
                Fixtures.tokens("short-0", "short-rt", T0, Duration.ofSeconds(60)),
                T0));
    refresher.lifetime = Duration.ofSeconds(60);
    for (int i = 0; i < 6; i++) {
      AccessToken t = manager.accessToken(shortLived.id());
      assertThat(t.token().reveal()).isEqualTo("short-0");
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(refresher.calls.get()).isZero();
    clock.set(T0.plusSeconds(46)); // 14 s left: less than ¼ of 60 s
    AccessToken renewed = manager.accessToken(shortLived.id());
    assertThat(renewed.token().reveal()).isEqualTo("at-1");
    for (int i = 0; i < 40; i++) { // callers after the refresh finished: it is fresh
      clock.advance(Duration.ofSeconds(1));
      assertThat(manager.accessToken(shortLived.id()).token().reveal()).isEqualTo("at-1");
    }
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void aReconnectClearsTheFailureCooldownLeftByAnEarlierOutage() {
    manager.followStoreChanges();
    clock.advance(Duration.ofMinutes(61)); // expired
    refresher
        .thenThrow(serverError(null))
        .thenThrow(serverError(null))
        .thenThrow(serverError(null));
    assertThatThrownBy(() -> manager.accessToken(conn.id())).isInstanceOf(TransientException.class);
    int calls = refresher.calls.get();
    // the user re-consents: a new grant whose short-lived token is already due again by the time
    // it is used (the cooldown of the old grant must not make it answer 503)
    Instant consented = clock.instant();
    store.upsert(
        new ConnectionDraft(
            conn.providerId(),
            conn.owner(),
            conn.subject(),
            conn.accountId(),
            conn.accountName(),
            conn.baseUri(),
            conn.accounts(),
            conn.scopes(),
            Fixtures.tokens(
                "at-reconnected", "rt-reconnected", consented, Duration.ofSeconds(20))));
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-reconnected");
    clock.advance(Duration.ofSeconds(18)); // 2 s left: due, and still inside the old cooldown
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-" + (calls + 1));
    assertThat(refresher.usedRefreshTokens).last().isEqualTo("rt-reconnected");
  }

  @Test
  void aMetadataChangeDuringTheRefreshDoesNotLoseTheRotatedToken() {
    clock.advance(Duration.ofMinutes(56));
    refresher.then(
        c -> {
          Connection row = store.peek(c.id());
          store.compareAndSet(
              row.withSelectedAccount(
                  new Account("acct-2", "Other", "https://eu.example.test", false),
                  clock.instant()));
          return Fixtures.tokens("at-new", "rt-new", clock.instant(), Duration.ofHours(1));
        });
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-new");
    Connection stored = store.peek(conn.id());
    assertThat(stored.tokens().refreshToken().reveal()).isEqualTo("rt-new");
    assertThat(stored.accountId()).isEqualTo("acct-2");
  }

  @Test
  void aFailedCommitIsRetriedWhileTheTokensStayInMemory() {
    clock.advance(Duration.ofMinutes(56));
    store.failNextWrites.set(2);
    assertThat(manager.accessToken(conn.id()).token().reveal()).isEqualTo("at-1");
    assertThat(store.peek(conn.id()).tokens().refreshToken().reveal()).isEqualTo("rt-1");
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void aStoreChangeNotificationDropsTheCachedToken() {
    manager.followStoreChanges();
    manager.accessToken(conn.id());
    store.compareAndSet(store.peek(conn.id()).withStatus(ConnectionStatus.REVOKED, "revoked", T0));
    assertThatThrownBy(() -> manager.accessToken(conn.id()))
        .isInstanceOf(ReauthRequiredException.class);
    manager.close();
  }

  @Test
  void refreshAfterRejectionNeverReturnsTheRejectedToken() {
    AccessToken current = manager.accessToken(conn.id());
    AccessToken next = manager.refreshAfterRejection(conn.id(), current.token());
    assertThat(next.token()).isNotEqualTo(current.token());
    assertThat(refresher.calls.get()).isEqualTo(1);
    // a second caller refused the same old token: it gets the newer one, no second refresh
    assertThat(manager.refreshAfterRejection(conn.id(), current.token()).token())
        .isEqualTo(next.token());
    assertThat(refresher.calls.get()).isEqualTo(1);
  }

  @Test
  void anUnknownConnectionIsAStoreError() {
    assertThatThrownBy(() -> manager.accessToken("nope")).hasMessageContaining("does not exist");
  }

  static ProviderRejectedException invalidGrant() {
    return new ProviderRejectedException(
        "docusign", "invalid_grant", "refresh token revoked", 400, null, null);
  }

  static TransientException serverError(Duration retryAfter) {
    return new TransientException(
        TransientException.Kind.SERVER_ERROR, "503", retryAfter, false, null);
  }

  static TransientException rateLimited(Duration retryAfter) {
    return new TransientException(
        TransientException.Kind.RATE_LIMITED, "429", retryAfter, false, null);
  }

  static TransientException lostAnswer() {
    return new TransientException(
        TransientException.Kind.TIMEOUT, "timeout after sending", null, true, null);
  }

  static Optional<Secret> none() {
    return Optional.empty();
  }
}
