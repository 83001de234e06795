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
      "wrk: 2 threads, 8 connections, in its own process; after 3 s warm-up each, every URL"
          + " (straight, proxy, then each relay) 3 s in that order and 3 s in the reverse order"
          + " (their mean). The in-process driver's 8 threads share the JVM's cores, GC and JIT"
          + " with SignLink and the emulator, and more of them wait on the proxied path than on"
          + " the straight one; its ratio was the lower one in most runs (docs/DOCUMENTS.md,"
          + " Speed). The relay rows run in the same JVM and forward only (no key check, limits,"
          + " token or header rules): Jetty's own reverse proxy (ProxyHandler.Reverse on its"
          + " asynchronous HttpClient), what a second hop costs when the server's framework does"
          + " it; a bare relay on Jetty's asynchronous client with both sides on Jetty's"
          + " network threads, the least a second hop costs here; and a blocking relay built as"
          + " SignLink's proxy is (a pool thread per request, SignLink's provider client), whose"
          + " gap to the bare relay is the threading model's cost and whose gap to SignLink is"
          + " SignLink's own work.";
  private static final int WARMUP_SECONDS = 3;
  private static final int HALF_SECONDS = 3;
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

  private Wrk() {}

  /** The straight call through another relay (with the straight call's {@code Authorization}). */
  record Anchor(String name, URI uri) {}

  /**
   * @param anchors the straight call through other relays, measured in the same mirrored order as
   *     the straight and proxied calls and printed beside them
   */
  static List<Row> compare(
      URI direct, String bearer, URI proxied, String apiKey, List<Anchor> anchors, int threads)
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
    // Every URL in one list, measured in mirrored order (straight, proxy, relays..., then back):
    // the machine's speed drifts (other builds, a shared host) and the JIT is still settling after
    // each new set of connections, and the mirrored halves give every URL the same share of both.
    List<URI> uris = new ArrayList<>(List.of(direct, proxied));
    List<String> auths = new ArrayList<>(List.of(bearer, apiKey));
    for (Anchor a : anchors) {
      uris.add(a.uri());
      auths.add(bearer);
    }
    for (int i = 0; i < uris.size(); i++) {
      run(uris.get(i), auths.get(i), WARMUP_SECONDS);
    }
    double[] rps = new double[uris.size()];
    for (int i = 0; i < uris.size(); i++) {
      rps[i] += run(uris.get(i), auths.get(i), HALF_SECONDS) / 2;
    }
    for (int i = uris.size() - 1; i >= 0; i--) {
      rps[i] += run(uris.get(i), auths.get(i), HALF_SECONDS) / 2;
    }
    double d = rps[0];
    double p = rps[1];
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
    for (int i = 0; i < anchors.size(); i++) {
      Anchor a = anchors.get(i);
      double r = rps[i + 2];
      rows.add(
          Row.info(
              "wrk: same call through " + a.name(),
              r,
              "req/s",
              "straight",
              String.format(
                  java.util.Locale.ROOT,
                  "%.2fx of straight; SignLink's proxy is %.2fx of it",
                  r / d,
                  p / r)));
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
