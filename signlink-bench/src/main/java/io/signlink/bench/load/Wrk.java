package io.signlink.bench.load;

import io.signlink.bench.report.Row;
import io.signlink.bench.report.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small-call comparison again with {@code wrk} (an external C load tool, its own process), when
 * it is on the {@code PATH}; otherwise one row says it was absent. Stateless.
 */
final class Wrk {
  static final String NOTE =
      "wrk: 2 threads, 8 connections, in its own process; after 2 s warm-up each, straight and"
          + " proxy 3 s each in the order straight, proxy, proxy, straight (their mean), then the"
          + " Jetty row 5 s. The in-process driver's 8 threads share the JVM's cores, GC and JIT"
          + " with SignLink and the emulator, and more of them wait on the proxied path than on"
          + " the straight one; its ratio was the lower one in most runs (docs/DOCUMENTS.md,"
          + " Speed). The Jetty row is"
          + " Jetty's own reverse proxy (ProxyHandler.Reverse on its asynchronous HttpClient) in the"
          + " same JVM, forwarding only (no key check, limits or token): what a second hop costs"
          + " here when the server's own framework does it.";
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  private Wrk() {}

  /**
   * @param jetty the straight call through Jetty's own reverse proxy (with {@code bearer}), or
   *     {@code null} to leave that row out
   */
  static List<Row> compare(
      URI direct, String bearer, URI proxied, String apiKey, URI jetty, int threads)
      throws IOException, InterruptedException {
    if (!installed()) {
      return List.of(
          Row.info(
              "wrk small-call comparison",
              0,
              "",
              "",
              "wrk is not installed; apt-get install -y wrk to add these rows"));
    }
    run(direct, bearer, 2);
    run(proxied, apiKey, 2);
    if (jetty != null) {
      run(jetty, bearer, 2);
    }
    // Straight, proxy, proxy, straight: the machine's speed drifts (other builds, a shared
    // host), and the halves in mirrored order give both URLs the same share of the drift.
    double d = run(direct, bearer, 3);
    double p = run(proxied, apiKey, 3);
    p = (p + run(proxied, apiKey, 3)) / 2;
    d = (d + run(direct, bearer, 3)) / 2;
    double j = jetty == null ? 0 : run(jetty, bearer, 5);
    List<Row> rows = new ArrayList<>();
    rows.add(Row.info("wrk: GET accounts/{id} straight", d, "req/s", "(anchor)", ""));
    rows.add(Row.info("wrk: GET accounts/{id} through the proxy", p, "req/s", "straight", ""));
    rows.add(
        new Row(
            "wrk: proxy / straight throughput",
            p / d,
            "x",
            "straight = 1",
            Target.atLeast(ProxyLoadBench.SMALL_CALL_TARGET),
            ""));
    if (jetty != null) {
      rows.add(
          Row.info(
              "wrk: same call through Jetty's own reverse proxy, forwarding only",
              j,
              "req/s",
              "straight",
              String.format(
                  java.util.Locale.ROOT,
                  "%.2fx of straight; SignLink's proxy is %.2fx of it",
                  j / d,
                  p / j)));
    }
    return rows;
  }

  static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
        return true;
      }
    }
    return false;
  }

  private static double run(URI uri, String authorization, int seconds)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c8",
                "-d" + seconds + "s",
                "-H",
                "Authorization: " + authorization,
                uri.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk failed on " + uri.getPath());
    }
    Matcher m = RPS.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("wrk printed no Requests/sec for " + uri.getPath());
    }
    if (out.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw non-2xx answers from " + uri.getPath());
    }
    return Double.parseDouble(m.group(1));
  }
}
