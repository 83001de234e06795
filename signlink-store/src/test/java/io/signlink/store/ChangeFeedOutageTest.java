package io.signlink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the store does when its link to PostgreSQL breaks (SECURITY.md §cache-coherence,
 * §database-outage): the change listener tells subscribers it may have missed notices each time it
 * is back, also after a link that froze silently, and pool calls fail in bounded time on a refused
 * and on a frozen link. Instance A reaches PostgreSQL through a {@link TcpProxy}; instance B
 * directly.
 */
class ChangeFeedOutageTest {
  static PgTestSchema pg;
  static TcpProxy proxy;
  static SignLinkStore a;
  static SignLinkStore b;
  static final Set<String> heard = ConcurrentHashMap.newKeySet();
  static final AtomicInteger missed = new AtomicInteger();
  static AutoCloseable subscription;

  @BeforeAll
  static void open() throws Exception {
    pg = new PgTestSchema();
    proxy = TcpProxy.inFrontOf(PgTestSchema.BASE_URL);
    b = SignLinkStore.open(pg.config(pg.url()).build());
    a = SignLinkStore.open(pg.config(proxy.rewrite(pg.url())).build());
    subscription = a.connections().subscribe(heard::add, missed::incrementAndGet);
  }

  @BeforeEach
  void listening() {
    proxy.restore();
    // the listener may still be reconnecting after the previous test: a write made before its
    // LISTEN is back is (rightly) never heard, so write until one is
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> heard.contains(write("warmup")) || heardSoon());
    missed.set(0);
  }

  @AfterAll
  static void close() throws Exception {
    subscription.close();
    a.close();
    b.close();
    proxy.close();
    pg.close();
  }

  /** Gives the last warm-up write a moment to arrive. */
  private static boolean heardSoon() throws InterruptedException {
    int before = heard.size();
    Thread.sleep(200);
    return heard.size() > before;
  }

  static String write(String owner) {
    // a new owner each time: an upsert of the same owner would answer an id already heard
    return b.connections()
        .upsert(Drafts.draft(owner + "-" + System.nanoTime(), Instant.now()))
        .connection()
        .id();
  }

  @Test
  void aTerminatedListenerSaysItMayHaveMissedNoticesOnceItIsBackAndHearsAgain() throws Exception {
    assertThat(PgTestSchema.terminateListeners(proxy)).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> missed.get() == 1);
    String after = write("after");
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> heard.contains(after));
  }

  @Test
  void aListenerBehindAFrozenLinkNoticesByItsHeartbeatAndResyncsOnceTheLinkIsBack() {
    proxy.freeze();
    String unheard = write("while-frozen");
    // heartbeat (2 s) + socket timeout (1 s here) make the frozen link an error, then reconnects
    // hang in login until the link thaws
    Awaitility.await()
        .pollDelay(Duration.ofMillis(3500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> true);
    assertThat(heard).doesNotContain(unheard);
    long thawed = System.nanoTime();
    proxy.restore();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> missed.get() >= 1);
    System.out.printf(
        "[outage] listener resynced %d ms after a frozen link came back%n",
        (System.nanoTime() - thawed) / 1_000_000);
    String after = write("after-thaw");
    Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> heard.contains(after));
  }

  @Test
  void poolCallsFailWithinTheConnectionTimeoutOnARefusedAndOnAFrozenLink() {
    for (Runnable mode : new Runnable[] {proxy::freeze, proxy::refuse}) {
      mode.run();
      long start = System.nanoTime();
      assertThatThrownBy(() -> a.ping())
          .isInstanceOfSatisfying(
              TransientException.class,
              e -> assertThat(e.kind()).isEqualTo(TransientException.Kind.DATABASE_UNAVAILABLE));
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("[outage] ping failed after %d ms (%s)%n", millis, proxy.mode());
      // connection timeout 1 s; a pooled connection's liveness check fits inside it
      assertThat(millis).isLessThan(4_000);
    }
    proxy.restore();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(() -> a.ping());
  }
}
