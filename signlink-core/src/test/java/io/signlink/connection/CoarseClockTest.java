package io.signlink.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signlink.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CoarseClockTest {

  @Test
  void followsTheUnderlyingClockWithinItsResolutionAndReadsInstantsExactly() {
    MutableClock precise = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    try (CoarseClock coarse = new CoarseClock(precise, Duration.ofMillis(5))) {
      assertThat(coarse.millis()).isEqualTo(precise.millis());
      precise.advance(Duration.ofMinutes(1));
      assertThat(coarse.instant()).isEqualTo(precise.instant()); // off the hot path: exact
      // its 5 ms tick runs on a background thread, which a loaded machine may not schedule soon
      await().atMost(Duration.ofSeconds(30)).until(() -> coarse.millis() == precise.millis());
    }
  }

  @Test
  void aManagerOnTheDefaultClockServesAndRefreshesAsUsual() {
    Instant now = Instant.now();
    InMemoryConnectionStore store = new InMemoryConnectionStore(java.time.Clock.systemUTC());
    Connection c =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("at-0", "rt-0", now, Duration.ofHours(1)), now));
    ScriptedRefresher refresher = new ScriptedRefresher(java.time.Clock.systemUTC());
    try (TokenManager m = TokenManager.builder(store, refresher).build()) {
      assertThat(m.accessToken(c.id()).token().reveal()).isEqualTo("at-0");
      assertThat(m.forceRefresh(c.id()).token().reveal()).isEqualTo("at-1");
      assertThat(m.accessToken(c.id()).token().reveal()).isEqualTo("at-1");
    }
  }
}
