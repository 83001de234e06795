package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.signlink.server.http.ClientLimits;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * SECURITY.md §rate-limits, §pending-authorizations: anonymous requests cannot grow the pending
 * authorizations table or the log without bound, and wrong keys and sign-ins are throttled per
 * client IP with 429 and {@code Retry-After}. Each test gets a fresh server (fresh buckets).
 */
class RateLimitsTest {
  /** The default rules: a burst of 10 consent starts, then one every 6 s. */
  static final int CONNECT_BURST = 10;

  static final double CONNECT_REFILL_SECONDS = 6;

  TestSignLink sl;
  final InfoLines infoLines = new InfoLines();

  /**
   * The buckets' time: the system's until a test {@link #freezeTime freezes} it; then it moves only
   * when the test moves it, so how fast a loaded machine sends the requests does not matter.
   */
  final AtomicLong frozenNanos = new AtomicLong(Long.MIN_VALUE);

  long bucketTime() {
    long frozen = frozenNanos.get();
    return frozen == Long.MIN_VALUE ? System.nanoTime() : frozen;
  }

  void freezeTime() {
    frozenNanos.set(System.nanoTime());
  }

  void advanceTime(Duration d) {
    frozenNanos.addAndGet(d.toNanos());
  }

  @BeforeEach
  void start() {
    sl =
        TestSignLink.start(
            true,
            false,
            java.util.function.UnaryOperator.identity(),
            java.util.function.UnaryOperator.identity(),
            null,
            ClientLimits.Rules.defaults(),
            this::bucketTime);
    infoLines.attach();
  }

  @AfterEach
  void stop() {
    infoLines.detach();
    sl.close();
  }

  @Test
  void tenThousandAnonymousConnectRequestsLeaveBoundedRowsAndLogLines() throws Exception {
    int requests = 10_000;
    AtomicInteger started = new AtomicInteger();
    AtomicInteger limited = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<HttpResponse<String>> firstRefusal = new ArrayList<>();
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpRequest request = HttpRequest.newBuilder(sl.uri("/connect/boldsign?owner=victim")).build();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < requests / 4; i++) {
                    HttpResponse<String> r = TestSignLink.send(client, request);
                    if (r.statusCode() == 303 || r.statusCode() == 400) {
                      started.incrementAndGet(); // answered: a flow or a refusal without session
                    } else if (r.statusCode() == 429) {
                      limited.incrementAndGet();
                      synchronized (firstRefusal) {
                        if (firstRefusal.isEmpty()) {
                          firstRefusal.add(r);
                        }
                      }
                    } else {
                      other.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long allowedBound = CONNECT_BURST + (long) Math.ceil(seconds / CONNECT_REFILL_SECONDS);

    assertThat(other.get()).isZero();
    assertThat(started.get()).isBetween(CONNECT_BURST, (int) allowedBound);
    assertThat(limited.get()).isEqualTo(requests - started.get());
    HttpResponse<String> refused = firstRefusal.get(0);
    assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
        .hasValueSatisfying(s -> assertThat(s).isBetween(1, 6));
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(refused.body()).contains("Too many sign-ins started from your address");

    assertThat(pendingRows()).isLessThanOrEqualTo(started.get());
    // One access line per started flow, at most 20 a minute of the refused ones, nothing else
    // per request (the "flow begun" line is DEBUG).
    int windows = 1 + (int) Math.ceil(seconds / 60);
    assertThat(infoLines.count()).isLessThanOrEqualTo(started.get() + 20 * windows + 5);
    assertThat(infoLines.count()).isLessThan(200);
  }

  @Test
  void aFullPendingAuthorizationsTableRefusesNewSignInsWith503() throws Exception {
    fillPendingTable(10_000); // the default bound, as if many addresses had each started flows
    HttpClient browser = TestSignLink.browser();
    var session = sl.createSession("boldsign", "alice", "");
    HttpResponse<String> page = sl.confirmPage(browser, session.get("connect_url").asText());
    HttpResponse<String> r = sl.pressContinue(browser, "boldsign", page.body());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("60");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(r.body()).contains("too many sign-ins are in progress");
    assertThat(pendingRows()).isEqualTo(10_000);
  }

  @Test
  void wrongApiKeysAreThrottledAfterTwentyWithRetryAfter() {
    // With real time, 21 requests that took over a second on a loaded machine had a third of a
    // token back (Retry-After 2), and over 3 s a whole one (no 429 at all).
    freezeTime();
    for (int i = 0; i < 20; i++) {
      assertThat(sl.api("GET", "/api/connections", "sk_wrong_key_" + i, null).statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> limited = sl.api("GET", "/api/connections", "sk_wrong_key_x", null);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(limited.body())
        .contains("\"error\":\"rate_limited\"")
        .contains("Too many requests with a wrong API key");
    // the right key waits too: the client is refused before any key is looked at
    assertThat(sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null).statusCode())
        .isEqualTo(429);
    // a token is back after the 3 s it said, not before
    advanceTime(Duration.ofMillis(2_900));
    assertThat(sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null).statusCode())
        .isEqualTo(429);
    advanceTime(Duration.ofMillis(200));
    assertThat(sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void rightApiKeysAreNeverThrottled() {
    for (int i = 0; i < 30; i++) {
      assertThat(sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void failedConsoleSignInsAreThrottledAfterFiveWithRetryAfter() {
    freezeTime(); // as above: the Retry-After is exact whatever the machine's speed
    for (int i = 0; i < 5; i++) {
      assertThat(login("api_key=sk_wrong_" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = login("api_key=" + TestSignLink.ADMIN_KEY);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("12");
    assertThat(limited.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(limited.body()).contains("Too many failed sign-ins from your address");

    // another client behind the same (loopback) reverse proxy has its own bucket
    HttpResponse<String> other =
        TestSignLink.send(
            TestSignLink.browser(),
            HttpRequest.newBuilder(sl.uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "198.51.100.23")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=sk_wrong"))
                .build());
    assertThat(other.statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> login(String form) {
    return TestSignLink.send(
        TestSignLink.browser(),
        HttpRequest.newBuilder(sl.uri("/console/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  private void fillPendingTable(int rows) throws Exception {
    long now = System.currentTimeMillis();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + sl.dataDir.resolve("signlink.db"));
        var ps =
            c.prepareStatement(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
                    + " INSERT INTO pending_authorizations (state_hash, provider_id, owner,"
                    + " redirect_uri, verifier_ciphertext, key_id, created_at, expires_at)"
                    + " SELECT 'filler-' || i, 'boldsign', 'filler', 'http://127.0.0.1/callback',"
                    + " X'00', 1, ?, ? FROM n")) {
      c.createStatement().execute("PRAGMA busy_timeout = 5000");
      ps.setInt(1, rows);
      ps.setLong(2, now);
      ps.setLong(3, now + 600_000);
      ps.executeUpdate();
    }
  }

  private int pendingRows() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + sl.dataDir.resolve("signlink.db"));
        ResultSet rs =
            c.createStatement().executeQuery("SELECT COUNT(*) FROM pending_authorizations")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Counts log events at INFO and above, of every logger, without changing any level; keeps the
   * WARN and ERROR ones (with any stack trace).
   */
  static final class InfoLines extends AppenderBase<ILoggingEvent> {
    private final AtomicInteger count = new AtomicInteger();
    private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    void attach() {
      setContext((LoggerContext) LoggerFactory.getILoggerFactory());
      setName("info-lines");
      start();
      root().addAppender(this);
    }

    void detach() {
      root().detachAppender(this);
      stop();
    }

    int count() {
      return count.get();
    }

    List<String> warningsAndErrors() {
      return List.copyOf(warnings);
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
        count.incrementAndGet();
      }
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        warnings.add(
            event.getLevel()
                + " "
                + event.getFormattedMessage()
                + (event.getThrowableProxy() == null
                    ? ""
                    : " " + event.getThrowableProxy().getClassName()));
      }
    }

    private static Logger root() {
      return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
  }
}
