package io.signlink.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.bench.fixture.EmulatedSignLink;
import io.signlink.bench.report.Numbers;
import io.signlink.bench.report.Row;
import io.signlink.bench.report.Target;
import io.signlink.emulator.documents.GeneratedBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large document down and up, straight at the emulator and through the proxy: one untimed
 * transfer of each kind to warm up, then each direction in the order straight, proxy, proxy,
 * straight; then one more proxied download and upload, untimed, for the heap retained while they
 * run (live heap after a collection, sampled every 200 ms, minus the same before). Not thread-safe.
 */
final class TransferBench {
  static final double TARGET = 0.7;
  static final double HEAP_TARGET_MIB = 64;
  static final String NOTE =
      "Transfers: one caller, the JDK HttpClient streaming the body (upload: a generated stream with"
          + " Content-Length; download: read and discarded), after one untimed transfer of each kind,"
          + " best of 2 each (straight, proxy, proxy, straight), none of them under"
          + " the heap watch. Heap growth = the largest heap in use right after a forced collection"
          + " (every 200 ms) during one more proxied download and upload, minus the same before;"
          + " it counts everything in this JVM (client, server and emulator), so it bounds the"
          + " server's share from above.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final EmulatedSignLink sl;
  private final String accountId;
  private final String bearer;
  private final String apiKey;
  private final String connectionId;
  private final long bytes;

  TransferBench(
      HttpClient client,
      EmulatedSignLink sl,
      String accountId,
      String bearer,
      String apiKey,
      String connectionId,
      long bytes) {
    this.client = client;
    this.sl = sl;
    this.accountId = accountId;
    this.bearer = bearer;
    this.apiKey = apiKey;
    this.connectionId = connectionId;
    this.bytes = bytes;
  }

  List<Row> run() throws IOException, InterruptedException {
    String envelope = sl.emulator().docuSignGeneratedEnvelope(accountId, bytes, 1);
    String documentPath = "envelopes/" + envelope + "/documents/1";
    String draft = draft();
    String uploadPath = "envelopes/" + draft + "/documents/1";

    // One untimed transfer of each kind first: a 100 MiB transfer takes a fraction of a second,
    // less than the JIT needs to compile the copy loops of a path that has not run yet. Then each
    // direction straight, proxy, proxy, straight, so both routes get the same share of what
    // warming is left.
    download(straight(documentPath), bearer);
    download(proxied(documentPath), apiKey);
    upload(straight(uploadPath), bearer);
    upload(proxied(uploadPath), apiKey);
    double downStraight = download(straight(documentPath), bearer);
    double downProxy = download(proxied(documentPath), apiKey);
    downProxy = Math.max(downProxy, download(proxied(documentPath), apiKey));
    downStraight = Math.max(downStraight, download(straight(documentPath), bearer));
    double upStraight = upload(straight(uploadPath), bearer);
    double upProxy = upload(proxied(uploadPath), apiKey);
    upProxy = Math.max(upProxy, upload(proxied(uploadPath), apiKey));
    upStraight = Math.max(upStraight, upload(straight(uploadPath), bearer));
    // The heap is watched on a pass of its own: the watch forces a collection every 200 ms, which
    // would slow whichever transfers it overlaps and so skew the throughput comparison.
    HeapWatch heap = new HeapWatch();
    heap.start();
    download(proxied(documentPath), apiKey);
    upload(proxied(uploadPath), apiKey);
    double growthMib = heap.stop() / (1024.0 * 1024);
    String size = Numbers.format(bytes / (1024.0 * 1024)) + " MiB";
    return List.of(
        Row.info("download " + size + " straight", downStraight, "MiB/s", "(anchor)", "best of 2"),
        Row.info(
            "download " + size + " through the proxy",
            downProxy,
            "MiB/s",
            "straight " + Numbers.format(downStraight) + " MiB/s",
            "best of 2"),
        new Row(
            "proxy / straight download throughput",
            downProxy / downStraight,
            "x",
            "straight = 1",
            Target.atLeast(TARGET),
            ""),
        Row.info("upload " + size + " straight", upStraight, "MiB/s", "(anchor)", "best of 2"),
        Row.info(
            "upload " + size + " through the proxy",
            upProxy,
            "MiB/s",
            "straight " + Numbers.format(upStraight) + " MiB/s",
            "best of 2"),
        new Row(
            "proxy / straight upload throughput",
            upProxy / upStraight,
            "x",
            "straight = 1",
            Target.atLeast(TARGET),
            ""),
        new Row(
            "heap retained during proxied transfers",
            growthMib,
            "MiB",
            "body " + size,
            Target.atMost(HEAP_TARGET_MIB),
            "live heap after GC, whole JVM"));
  }

  private URI straight(String accountPath) {
    return URI.create(
        sl.emulator().docuSignApiBase()
            + "/restapi/v2.1/accounts/"
            + accountId
            + "/"
            + accountPath);
  }

  private URI proxied(String accountPath) {
    return sl.baseUri()
        .resolve(
            "/api/connections/"
                + connectionId
                + "/proxy/restapi/v2.1/accounts/"
                + accountId
                + "/"
                + accountPath);
  }

  private String draft() throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(proxied("envelopes"))
                .header("Authorization", apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"emailSubject\":\"bench\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("creating a draft envelope answered " + r.statusCode());
    }
    return JSON.readTree(r.body()).get("envelopeId").asText();
  }

  /** MiB/s of one download, body read and discarded. */
  private double download(URI uri, String authorization) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r =
        client.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    long n;
    try (InputStream in = r.body()) {
      n = in.transferTo(OutputStream.nullOutputStream());
    }
    if (r.statusCode() != 200 || n != bytes) {
      throw new IllegalStateException(
          "download of " + uri.getPath() + " answered " + r.statusCode() + " with " + n + " bytes");
    }
    return mibPerSecond(t0);
  }

  private double upload(URI uri, String authorization) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization)
                .header("Content-Type", "application/pdf")
                .PUT(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> GeneratedBytes.stream(bytes, 2)),
                        bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("upload to " + uri.getPath() + " answered " + r.statusCode());
    }
    return mibPerSecond(t0);
  }

  private double mibPerSecond(long t0) {
    return bytes / (1024.0 * 1024) / ((System.nanoTime() - t0) / 1e9);
  }

  /** Samples the live heap (after a forced collection) on its own thread. */
  private static final class HeapWatch {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong peak = new AtomicLong();
    private long baseline;
    private Thread thread;

    void start() {
      baseline = live();
      running.set(true);
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  peak.accumulateAndGet(live(), Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-heap-watch");
      thread.setDaemon(true);
      thread.start();
    }

    long stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return Math.max(0, peak.get() - baseline);
    }

    private long live() {
      System.gc();
      return memory.getHeapMemoryUsage().getUsed();
    }
  }
}
