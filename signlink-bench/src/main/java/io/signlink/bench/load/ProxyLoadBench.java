package io.signlink.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.bench.fixture.EmulatedSignLink;
import io.signlink.bench.fixture.TempDirs;
import io.signlink.bench.report.Numbers;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.SectionOutcome;
import io.signlink.bench.report.Target;
import io.signlink.oauth.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The API proxy's cost: a small DocuSign call ({@code GET …/accounts/{id}}) through {@code
 * /api/connections/{id}/proxy/…} against the same call straight at the emulator with the same
 * token, same client, same run (ABBA halves); then 100 MiB down and up through the proxy against
 * straight (see {@link TransferBench}); then, when {@code wrk} is installed, both small calls again
 * with {@code wrk} (see {@link Wrk}). Not thread-safe; one run at a time.
 */
public final class ProxyLoadBench {
  public static final String SECTION = "proxy";
  static final double SMALL_CALL_TARGET = 0.5;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerLoadBench.Settings settings;
  private final long transferBytes;
  private final boolean wrk;

  /**
   * @param transferBytes the size of the document moved down and up
   * @param wrk whether to add the {@code wrk} rows when {@code wrk} is installed
   */
  public ProxyLoadBench(ServerLoadBench.Settings settings, long transferBytes, boolean wrk) {
    this.settings = settings;
    this.transferBytes = transferBytes;
    this.wrk = wrk;
  }

  public SectionOutcome.Completed run() throws IOException, InterruptedException {
    Path dir = TempDirs.create("signlink-bench-proxy-");
    try (EmulatedSignLink sl = EmulatedSignLink.start(dir, transferBytes + 1024)) {
      String id = sl.connectDocuSign("bench-proxy");
      Secret key = sl.createApiKey("bench-proxy");
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(REQUEST_TIMEOUT)
              .build();
      String apiKey = "Bearer " + key.reveal();
      String accountId =
          JSON.readTree(get(client, sl.baseUri().resolve("/api/connections/" + id), apiKey))
              .get("account_id")
              .asText();
      // The bench holds the provider token only to call the emulator straight; it never prints it.
      String bearer =
          "Bearer "
              + JSON.readTree(
                      post(
                          client,
                          sl.baseUri().resolve("/api/connections/" + id + "/token"),
                          apiKey))
                  .get("access_token")
                  .asText();
      String accountPath = "restapi/v2.1/accounts/" + accountId;
      URI direct = URI.create(sl.emulator().docuSignApiBase() + "/" + accountPath);
      URI proxied = sl.baseUri().resolve("/api/connections/" + id + "/proxy/" + accountPath);
      get(client, direct, bearer);
      get(client, proxied, apiKey);

      Supplier<LoadDriver.Caller> straight = caller(client, direct, bearer);
      Supplier<LoadDriver.Caller> through = caller(client, proxied, apiKey);
      LoadDriver driver = new LoadDriver(settings.threads());
      if (!settings.warmup().isZero()) {
        driver.run(straight, settings.warmup());
        driver.run(through, settings.warmup());
      }
      Duration half = settings.duration().dividedBy(2);
      LoadResult d = driver.run(straight, half);
      LoadResult p = driver.run(through, half);
      p = p.plus(driver.run(through, half));
      d = d.plus(driver.run(straight, half));
      List<Row> rows = new ArrayList<>(smallCallRows(d, p));

      rows.addAll(
          new TransferBench(client, sl, accountId, bearer, apiKey, id, transferBytes).run());
      if (wrk && Wrk.installed()) {
        try (JettyReverseProxy jetty = JettyReverseProxy.start(direct);
            BareRelay bare = BareRelay.start(direct);
            BlockingRelay blocking = BlockingRelay.start(direct)) {
          rows.addAll(
              Wrk.compare(
                  direct,
                  bearer,
                  proxied,
                  apiKey,
                  List.of(
                      new Wrk.Anchor(
                          "Jetty's own reverse proxy, forwarding only", jetty.through(direct)),
                      new Wrk.Anchor(
                          "a bare non-blocking relay, forwarding only", bare.through(direct)),
                      new Wrk.Anchor(
                          "a blocking relay on SignLink's provider client, forwarding only",
                          blocking.through(direct))),
                  settings.threads()));
        }
      } else if (wrk) {
        rows.addAll(Wrk.compare(direct, bearer, proxied, apiKey, List.of(), settings.threads()));
      }
      return new SectionOutcome.Completed(SECTION, rows, notes());
    } finally {
      TempDirs.deleteQuietly(dir);
    }
  }

  private Supplier<LoadDriver.Caller> caller(HttpClient client, URI uri, String authorization) {
    if (settings.driver() == ServerLoadBench.Driver.JDK) {
      return LoadDriver.jdk(
          client,
          HttpRequest.newBuilder(uri)
              .timeout(REQUEST_TIMEOUT)
              .header("Authorization", authorization)
              .GET()
              .build());
    }
    return LoadDriver.raw(uri, "GET", authorization);
  }

  static List<Row> smallCallRows(LoadResult d, LoadResult p) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        Row.info(
            "GET accounts/{id} straight at the emulator",
            d.throughput(),
            "req/s",
            "(anchor)",
            d.successes() + " answered 2xx, " + d.errors() + " failed"));
    rows.add(
        Row.info(
            "GET accounts/{id} through the proxy",
            p.throughput(),
            "req/s",
            "straight " + Numbers.format(d.throughput()) + " req/s",
            p.successes()
                + " answered 2xx, "
                + p.errors()
                + " failed"
                + (p.firstError() == null ? "" : " (first: " + p.firstError() + ")")));
    rows.add(
        new Row(
            "proxy / straight throughput (small call)",
            p.throughput() / d.throughput(),
            "x",
            "straight = 1",
            Target.atLeast(SMALL_CALL_TARGET),
            ""));
    rows.add(
        Row.info(
            "small call latency p50 through the proxy",
            p.latency().p50Millis(),
            "ms",
            "straight " + Numbers.format(d.latency().p50Millis()) + " ms",
            "added: "
                + Numbers.format((p.latency().p50Millis() - d.latency().p50Millis()) * 1000)
                + " µs"));
    return rows;
  }

  private List<String> notes() {
    return List.of(
        String.format(
            Locale.ROOT,
            "Small call: %d client threads (closed loop, %s, HTTP/1.1 keep-alive) in the same JVM"
                + " as SignLink and the emulator, over loopback; warm-up %ss each, then %ss each"
                + " measured as straight, proxy, proxy, straight. The straight call uses the"
                + " connection's own access token.",
            settings.threads(),
            settings.driver() == ServerLoadBench.Driver.JDK ? "JDK HttpClient" : "raw sockets",
            settings.warmup().toMillis() / 1000.0,
            settings.duration().toMillis() / 1000.0),
        TransferBench.NOTE,
        Wrk.NOTE);
  }

  static String get(HttpClient client, URI uri, String authorization)
      throws IOException, InterruptedException {
    return require(
        client.send(
            HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofString()),
        uri);
  }

  private static String post(HttpClient client, URI uri, String authorization)
      throws IOException, InterruptedException {
    return require(
        client.send(
            HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString()),
        uri);
  }

  private static String require(HttpResponse<String> r, URI uri) {
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "GET " + uri.getPath() + " answered HTTP " + r.statusCode() + " before the load started");
    }
    return r.body();
  }
}
