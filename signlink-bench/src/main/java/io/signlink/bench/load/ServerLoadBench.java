package io.signlink.bench.load;

import io.signlink.bench.fixture.EmulatedSignLink;
import io.signlink.bench.fixture.TempDirs;
import io.signlink.bench.report.Distribution;
import io.signlink.bench.report.Numbers;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import io.signlink.emulator.Provider;
import io.signlink.oauth.Secret;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The service load check: {@code POST /api/connections/{id}/token} (API key check, connection
 * lookup, cached token) against {@code GET /healthz} (no work) of the same server, in the same run,
 * with the same client. The token endpoint should keep at least {@link #TARGET_RATIO} of the health
 * endpoint's throughput. One connection, made by the consent flow; one stored API key.
 *
 * <p>Order: a warm-up of both, then healthz, token, token, healthz (ABBA), each for half the
 * measured duration, so drift during the run (JIT, GC, a noisy neighbour) weighs on both alike. Not
 * thread-safe; one run at a time.
 */
public final class ServerLoadBench {
  public static final String SECTION = "server load";
  static final double TARGET_RATIO = 0.8;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @param threads concurrent client callers
   * @param warmup warm-up per endpoint
   * @param duration measured time per endpoint (split into two halves, ABBA)
   */
  public record Settings(int threads, Duration warmup, Duration duration, Driver driver) {
    public Settings {
      if (threads < 1 || warmup.isNegative() || duration.isZero() || duration.isNegative()) {
        throw new IllegalArgumentException(
            "need >= 1 thread, a warm-up >= 0 and a positive duration");
      }
      Objects.requireNonNull(driver, "driver");
    }
  }

  /** How the load is sent. */
  public enum Driver {
    /** One socket per caller and a hand-written HTTP/1.1 exchange: the client costs little CPU. */
    RAW,
    /** The JDK {@code HttpClient}, shared, pooling keep-alive connections. */
    JDK
  }

  private final Settings settings;

  public ServerLoadBench(Settings settings) {
    this.settings = settings;
  }

  public SectionOutcome.Completed run() throws IOException, InterruptedException {
    Path dir = TempDirs.create("signlink-bench-server-");
    try (EmulatedSignLink sl = EmulatedSignLink.start(dir)) {
      String id = sl.connectDocuSign("bench-load");
      Secret key = sl.createApiKey("bench-load");
      HttpRequest tokenRequest =
          HttpRequest.newBuilder(sl.baseUri().resolve("/api/connections/" + id + "/token"))
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", "Bearer " + key.reveal())
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      HttpRequest healthRequest =
          HttpRequest.newBuilder(sl.baseUri().resolve("/healthz"))
              .timeout(REQUEST_TIMEOUT)
              .GET()
              .build();
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(REQUEST_TIMEOUT)
              .build();
      requireOk(client, healthRequest, "GET /healthz");
      requireOk(client, tokenRequest, "POST /api/connections/{id}/token");

      Supplier<LoadDriver.Caller> health =
          settings.driver() == Driver.JDK
              ? LoadDriver.jdk(client, healthRequest)
              : LoadDriver.raw(healthRequest.uri(), "GET", null);
      Supplier<LoadDriver.Caller> token =
          settings.driver() == Driver.JDK
              ? LoadDriver.jdk(client, tokenRequest)
              : LoadDriver.raw(tokenRequest.uri(), "POST", "Bearer " + key.reveal());
      LoadDriver driver = new LoadDriver(settings.threads());
      if (!settings.warmup().isZero()) {
        driver.run(health, settings.warmup());
        driver.run(token, settings.warmup());
      }
      long refreshesBefore = refreshes(sl);
      Duration half = settings.duration().dividedBy(2);
      LoadResult h = driver.run(health, half);
      LoadResult t = driver.run(token, half);
      t = t.plus(driver.run(token, half));
      h = h.plus(driver.run(health, half));
      long refreshes = refreshes(sl) - refreshesBefore;
      return new SectionOutcome.Completed(SECTION, rows(h, t, refreshes), notes());
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }

  static List<Row> rows(LoadResult h, LoadResult t, long refreshes) {
    Distribution hl = h.latency();
    Distribution tl = t.latency();
    double ratio = t.throughput() / h.throughput();
    List<Row> rows = new ArrayList<>();
    rows.add(Row.info("GET /healthz throughput", h.throughput(), "req/s", "(anchor)", errors(h)));
    rows.add(
        Row.info(
            "POST /api/connections/{id}/token throughput",
            t.throughput(),
            "req/s",
            "healthz " + Numbers.format(h.throughput()) + " req/s",
            errors(t)));
    rows.add(
        new Row(
            "token / healthz throughput",
            ratio,
            "x",
            "healthz = 1",
            Target.atLeast(TARGET_RATIO),
            ""));
    rows.add(Row.info("GET /healthz latency p50", hl.p50Millis(), "ms", "(anchor)", ""));
    rows.add(Row.info("GET /healthz latency p99", hl.p99Millis(), "ms", "(anchor)", ""));
    rows.add(
        Row.info(
            "token latency p50",
            tl.p50Millis(),
            "ms",
            "healthz p50 " + Numbers.format(hl.p50Millis()) + " ms",
            ""));
    rows.add(
        Row.info(
            "token latency p99",
            tl.p99Millis(),
            "ms",
            "healthz p99 " + Numbers.format(hl.p99Millis()) + " ms",
            ""));
    rows.add(
        Row.info(
            "refreshes at the provider during the token load",
            refreshes,
            "requests",
            "",
            "0 means every answer came from the token cache, as it should for a fresh token"));
    return rows;
  }

  private List<String> notes() {
    return List.of(
        String.format(
            Locale.ROOT,
            "%d client threads (closed loop, %s, HTTP/1.1 keep-alive) in the server's own JVM"
                + " on the same cores, over loopback; warm-up %ss per endpoint, then %ss per endpoint"
                + " measured as healthz, token, token, healthz; embedded SQLite store, one DocuSign"
                + " connection made by the consent flow, one stored API key",
            settings.threads(),
            settings.driver() == Driver.JDK ? "JDK HttpClient" : "one raw socket each",
            settings.warmup().toMillis() / 1000.0,
            settings.duration().toMillis() / 1000.0));
  }

  private static String errors(LoadResult r) {
    String s = r.successes() + " requests answered 2xx";
    return r.errors() == 0 ? s : s + ", " + r.errors() + " failed (first: " + r.firstError() + ")";
  }

  private static long refreshes(EmulatedSignLink sl) {
    return sl.emulator().stats().tokenRequests(Provider.DOCUSIGN, "refresh_token");
  }

  private static void requireOk(HttpClient client, HttpRequest request, String what)
      throws IOException, InterruptedException {
    // The body is discarded: for the token route it holds an access token, which never gets
    // printed.
    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 200) {
      throw new IllegalStateException(
          what
              + " answered HTTP "
              + status
              + " before the load started;"
              + " fix that first (run the server tests: mvn -B test -pl signlink-server)");
    }
  }
}
