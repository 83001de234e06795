package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.store.PgTestSchema;
import io.signlink.store.TcpProxy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real server on PostgreSQL behind a {@link TcpProxy} that first refuses, then freezes, then
 * comes back (SECURITY.md §database-outage): cached tokens and verified API keys keep answering 200
 * through the HTTP API for longer than the key cache's 5 s re-check (which fails, then hangs),
 * {@code /readyz} answers 503 at its 500 ms deadline in both modes (its latency is printed; the
 * assertion only rules out waiting on the frozen link, with room for a loaded machine; the deadline
 * itself is {@code BoundedReadinessTest}'s), and afterwards everything recovers: {@code /readyz} is
 * 200 again, a refresh rotates the refresh token (none was lost), and a key revoked in the database
 * stops working within seconds.
 */
class DatabaseOutageTest {
  static final ObjectMapper JSON = new ObjectMapper();
  // the refused phase outlasts the key cache's 5 s re-check (a re-check that fails at once); the
  // frozen one follows on with re-checks that hang
  static final Map<TcpProxy.Mode, Duration> PHASES =
      Map.of(
          TcpProxy.Mode.REFUSE, Duration.ofMillis(5_300),
          TcpProxy.Mode.FREEZE, Duration.ofMillis(2_500));
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  static PgTestSchema pg;
  static TcpProxy proxy;
  static TestSignLink sl;
  static HttpClient http;
  static String key;
  static String keyId;
  static String connection;
  static final Map<String, Object> figures = Collections.synchronizedMap(new TreeMap<>());

  @BeforeAll
  static void start() throws Exception {
    pg = new PgTestSchema();
    proxy = TcpProxy.inFrontOf(PgTestSchema.BASE_URL);
    sl = TestSignLink.start(true, false, b -> b.databaseUrl(proxy.rewrite(pg.url())));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    var issued = sl.server.runtime().store().apiKeys().create("outage");
    key = issued.plaintext().reveal();
    keyId = issued.apiKey().id();
    connection =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "outage-owner"));
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("[outage] " + figures);
    sl.close();
    proxy.close();
    pg.close();
  }

  @Test
  void cachedTokensAndVerifiedKeysOutliveARefusedThenFrozenDatabaseAndEverythingRecovers()
      throws Exception {
    String before = accessToken(post("/api/connections/" + connection + "/token"));

    for (TcpProxy.Mode mode : List.of(TcpProxy.Mode.REFUSE, TcpProxy.Mode.FREEZE)) {
      if (mode == TcpProxy.Mode.REFUSE) {
        proxy.refuse();
      } else {
        proxy.freeze();
      }
      List<Long> tokenMillis = new ArrayList<>();
      List<Long> readyMillis = new ArrayList<>();
      long end = System.nanoTime() + PHASES.get(mode).toNanos();
      while (System.nanoTime() - end < 0) {
        long t0 = System.nanoTime();
        HttpResponse<String> token = post("/api/connections/" + connection + "/token");
        tokenMillis.add(millisSince(t0));
        assertThat(token.statusCode()).as(mode + ": " + token.body()).isEqualTo(200);
        assertThat(accessToken(token)).isEqualTo(before);

        long t1 = System.nanoTime();
        HttpResponse<String> ready = get("/readyz");
        readyMillis.add(millisSince(t1));
        assertThat(ready.statusCode()).as(mode + " /readyz").isEqualTo(503);
        Thread.sleep(150);
      }
      figures.put(mode + " readyz max ms", Collections.max(readyMillis));
      figures.put(mode + " token max ms", Collections.max(tokenMillis));
      figures.put(mode + " requests", tokenMillis.size());
      // a /readyz that waited on the frozen link would take the 10 s socket timeout
      assertThat(Collections.max(readyMillis)).as(mode + " /readyz latency").isLessThan(5_000);
    }

    long healed = System.nanoTime();
    proxy.restore();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get("/readyz").statusCode() == 200);
    figures.put("recovery readyz ms", millisSince(healed));
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> post("/api/connections/" + connection + "/refresh").statusCode() == 200);
    figures.put("recovery refresh ms", millisSince(healed));

    // the refresh rotated the refresh token the provider last issued: nothing was lost meanwhile
    String after = accessToken(post("/api/connections/" + connection + "/token"));
    assertThat(after).isNotEqualTo(before);
    assertThat(post("/api/connections/" + connection + "/refresh").statusCode()).isEqualTo(200);
    assertThat(accessToken(post("/api/connections/" + connection + "/token"))).isNotEqualTo(after);

    // a revocation written by another instance reaches this one within seconds
    try (var c = DriverManager.getConnection(PgTestSchema.BASE_URL);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE "
              + pg.name
              + ".api_keys SET revoked_at = "
              + System.currentTimeMillis()
              + " WHERE id = '"
              + keyId
              + "'");
    }
    long revoked = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> post("/api/connections/" + connection + "/token").statusCode() == 401);
    figures.put("revocation seen ms", millisSince(revoked));
  }

  static String accessToken(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  static HttpResponse<String> post(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(sl.uri(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + key));
  }

  static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(sl.uri(path)).GET());
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    try {
      return http.send(b.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("no answer within " + REQUEST_TIMEOUT, e);
    }
  }

  static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
