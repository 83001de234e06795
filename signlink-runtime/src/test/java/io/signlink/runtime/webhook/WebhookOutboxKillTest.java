package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.signlink.connection.ConnectionEvent;
import io.signlink.oauth.Secret;
import io.signlink.runtime.ChildJvm;
import io.signlink.store.PgTestSchema;
import io.signlink.store.SignLinkStore;
import io.signlink.store.outbox.DeliveryStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A thousand events to two endpoints with the receiver down for a while, delivered by two instances
 * in separate JVMs ({@link OutboxWorkerMain}) on one PostgreSQL schema, one of them killed with
 * {@code kill -9} while it holds deliveries in flight (SECURITY.md §durable-webhooks). After
 * recovery every event reaches each endpoint, every signature verifies, and an event arrives twice
 * at an endpoint only if it was in flight at the killed instance when it died — at most one per
 * sender of that instance. Counted by event id at the receiver.
 */
class WebhookOutboxKillTest {
  static final int EVENTS = 1_000;
  static final Secret SECRET = Secret.of("kill-test-webhook-secret-0123");
  static final ObjectMapper JSON = new ObjectMapper();

  PgTestSchema pg;
  SignLinkStore store;
  HttpServer receiver;
  final List<Process> workers = new ArrayList<>();
  final Map<Process, Path> logs = new ConcurrentHashMap<>();

  /** Deliveries received with a valid signature, by "event id endpoint path". */
  final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

  final AtomicInteger badSignatures = new AtomicInteger();
  final AtomicInteger total = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgTestSchema();
    store = SignLinkStore.open(pg.config(pg.url()).poolSize(4).build());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : workers) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.stop(0);
    }
    store.close();
    pg.close();
  }

  @Test
  void everyEventReachesEachEndpointAfterAnInstanceIsKilledAndTheReceiverComesBack()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // nothing listens here until the receiver comes back
    }
    List<URI> endpoints =
        List.of(
            URI.create("http://127.0.0.1:" + port + "/a"),
            URI.create("http://127.0.0.1:" + port + "/b"));
    Process killed = startWorker("instance-killed", endpoints);
    Process survivor = startWorker("instance-survivor", endpoints);

    WebhookTarget target = new WebhookTarget("default", endpoints, SECRET, null, null);
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            app -> Optional.of(target), store.webhookOutbox(), Duration.ofMinutes(10), null);
    for (int i = 0; i < EVENTS; i++) {
      dispatcher.onEvent(
          new ConnectionEvent(
              ConnectionEvent.Type.CREATED,
              "conn-" + i,
              "boldsign",
              "owner-" + i,
              Instant.now(),
              null));
    }
    assertThat(dispatcher.queued()).isEqualTo(2L * EVENTS);
    awaitReady(killed);
    awaitReady(survivor);
    // the receiver is down: wait (no fixed time) until attempts have failed and backed off
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        "SELECT COUNT(*) FROM webhook_outbox WHERE status = 'PENDING'"
                            + " AND attempts >= 1 AND last_result IS NOT NULL")
                    >= OutboxWorkerMain.PARALLELISM);

    startReceiver(port);
    await().atMost(Duration.ofSeconds(60)).until(() -> total.get() >= EVENTS / 4);
    Set<String> inFlightAtKill = killWhileHoldingLeases(killed, "instance-killed");

    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                store.webhookOutbox().counts("default").get(DeliveryStatus.DELIVERED)
                    == 2L * EVENTS);

    int repeats = 0;
    Set<String> repeated = new HashSet<>();
    for (Map.Entry<String, AtomicInteger> e : received.entrySet()) {
      if (e.getValue().get() > 1) {
        repeats += e.getValue().get() - 1;
        repeated.add(e.getKey());
      }
    }
    int retriedRows = count("SELECT COUNT(*) FROM webhook_outbox WHERE attempts > 1");
    System.out.printf(
        "[webhook outbox] %d events x %d endpoints, receiver down until attempts failed,"
            + " kill -9 of one of two instances with %d deliveries in flight: %d received,"
            + " %d distinct, %d repeats (bound %d), %d bad signatures, %d deliveries needed more"
            + " than one attempt%n",
        EVENTS,
        endpoints.size(),
        inFlightAtKill.size(),
        total.get(),
        received.size(),
        repeats,
        OutboxWorkerMain.PARALLELISM,
        badSignatures.get(),
        retriedRows);
    assertThat(badSignatures.get()).isZero();
    assertThat(received).hasSize(2 * EVENTS);
    assertThat(inFlightAtKill).isNotEmpty();
    assertThat(repeated).isSubsetOf(inFlightAtKill);
    assertThat(repeats).isLessThanOrEqualTo(OutboxWorkerMain.PARALLELISM);
    assertThat(retriedRows).isPositive();
    assertThat(survivor.isAlive()).isTrue();
  }

  /**
   * Kills the instance once the database shows it holding leases, and returns what it held then:
   * the only deliveries that may arrive twice.
   */
  private Set<String> killWhileHoldingLeases(Process worker, String holder) throws Exception {
    String held =
        "SELECT event_id, endpoint_url FROM webhook_outbox WHERE status = 'PENDING'"
            + " AND lease_holder = ?";
    try (var c = DriverManager.getConnection(pg.url());
        PreparedStatement ps = c.prepareStatement(held)) {
      ps.setString(1, holder);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // best with every sender busy; after a few seconds, any lease will do
      long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      int wanted = OutboxWorkerMain.PARALLELISM;
      while (System.nanoTime() < until && leases(ps).size() < wanted) {
        if (System.nanoTime() > settle) {
          wanted = 1;
        }
        Thread.sleep(1);
      }
      worker.destroyForcibly(); // SIGKILL: no finally blocks, no lease released
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      // its leases last 12 s; nobody takes a row over before they end
      return leases(ps);
    }
  }

  private static Set<String> leases(PreparedStatement ps) throws Exception {
    Set<String> out = new HashSet<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + URI.create(rs.getString(2)).getPath());
      }
    }
    return out;
  }

  private int count(String sql) throws Exception {
    try (var c = DriverManager.getConnection(pg.url());
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void startReceiver(int port) throws Exception {
    WebhookSigner signer = new WebhookSigner(SECRET);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    receiver.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String ts = ex.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER);
          String sig = ex.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER);
          if (!signer.verify(ts, body, sig)) {
            badSignatures.incrementAndGet();
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
          }
          String id = JSON.readTree(body).get("id").asText();
          try {
            Thread.sleep(10); // a receiver that stores the event: deliveries stay in flight
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          received
              .computeIfAbsent(id + " " + ex.getRequestURI().getPath(), k -> new AtomicInteger())
              .incrementAndGet();
          total.incrementAndGet();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
  }

  private Process startWorker(String holder, List<URI> endpoints) throws Exception {
    Path out = Files.createTempFile(pg.dir, holder + "-", ".log");
    Process p =
        ChildJvm.start(
            OutboxWorkerMain.class,
            out,
            pg.url(),
            pg.keysetFile.toString(),
            pg.dir.resolve("data").toString(),
            holder,
            SECRET.reveal(),
            String.join(",", endpoints.stream().map(URI::toString).toList()));
    workers.add(p);
    logs.put(p, out);
    return p;
  }

  private void awaitReady(Process p) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              assertThat(p.isAlive()).as("worker log: %s", Files.readString(logs.get(p))).isTrue();
              return Files.readString(logs.get(p)).contains("READY");
            });
  }
}
