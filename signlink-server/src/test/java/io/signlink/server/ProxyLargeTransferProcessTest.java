package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.documents.GeneratedBytes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100 MiB up and down through the proxy with the server in its own JVM capped at {@code -Xmx128m}:
 * a proxy that held a body whole would run out of heap; the bytes must arrive unchanged (SHA-256)
 * (SECURITY.md §proxy-bodies).
 */
class ProxyLargeTransferProcessTest {
  static final long SIZE = 100L * 1024 * 1024;
  static final String ADMIN_KEY = "sk_test_large_transfer_0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  static Emulator emulator;
  static Process server;
  static URI base;
  static String connection;
  static String accountId;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port);
    emulator =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .maxDocumentBytes(SIZE + 1024)
                .redirectUri(base + "/callback/docusign")
                .build());
    Path dir = Files.createTempDirectory("signlink-large");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            ProxyServerProcess.class.getName());
    Map<String, String> env = pb.environment();
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    env.put("SIGNLINK_PORT", Integer.toString(port));
    env.put("SIGNLINK_ADMIN_KEY", ADMIN_KEY);
    env.put("SIGNLINK_DOCUSIGN_CLIENT_ID", DemoClients.DOCUSIGN_INTEGRATION_KEY);
    env.put("SIGNLINK_DOCUSIGN_CLIENT_SECRET", DemoClients.DOCUSIGN_SECRET);
    env.put("SIGNLINK_DOCUSIGN_ACCOUNT_URL", emulator.docuSignAccountBase().toString());
    env.put("SIGNLINK_LOG_LEVEL", "WARN");
    env.put("SIGNLINK_CONNECT_RETURN_URLS", TestSignLink.RETURN_PREFIX);
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
    server = pb.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> healthy() || !server.isAlive());
    assertThat(server.isAlive()).as(Files.readString(dir.resolve("server.log"))).isTrue();

    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> session =
        TestSignLink.send(
            browser,
            HttpRequest.newBuilder(base.resolve("/api/connect-sessions"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"owner\": \"large\", \"providers\": [\"docusign\"], \"return_url\": \""
                            + TestSignLink.RETURN_PREFIX
                            + "done\"}"))
                .build());
    assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
    String page =
        TestSignLink.send(
                browser,
                HttpRequest.newBuilder(
                        URI.create(JSON.readTree(session.body()).get("connect_url").asText()))
                    .build())
            .body();
    HttpResponse<String> begin =
        TestSignLink.send(
            browser,
            HttpRequest.newBuilder(base.resolve("/connect/docusign"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "session="
                            + TestSignLink.enc(TestSignLink.hidden(page, "session"))
                            + "&csrf="
                            + TestSignLink.enc(TestSignLink.hidden(page, "csrf"))))
                .build());
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(browser, HttpRequest.newBuilder(authorize).build());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    connection =
        TestSignLink.connectionId(
            TestSignLink.send(browser, HttpRequest.newBuilder(callback).build()));
    accountId =
        JSON.readTree(
                TestSignLink.send(
                        browser,
                        HttpRequest.newBuilder(base.resolve("/api/connections/" + connection))
                            .header("Authorization", "Bearer " + ADMIN_KEY)
                            .build())
                    .body())
            .get("account_id")
            .asText();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.getOutputStream().close();
      if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void downloads100MiBThroughTheProxyByteExactWithA128MiBHeap() throws Exception {
    String envelopeId = emulator.docuSignGeneratedEnvelope(accountId, SIZE, 21);
    HttpResponse<InputStream> r =
        http.send(
            proxied("/envelopes/" + envelopeId + "/documents/1").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
    assertThat(sha256(r.body())).isEqualTo(sha256(GeneratedBytes.stream(SIZE, 21)));
    assertThat(server.isAlive()).isTrue();
  }

  @Test
  void uploads100MiBThroughTheProxyByteExactWithA128MiBHeap() throws Exception {
    HttpResponse<String> draft =
        http.send(
            proxied("/envelopes")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"emailSubject\":\"Big\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
    String envelopeId = JSON.readTree(draft.body()).get("envelopeId").asText();
    HttpResponse<String> put =
        http.send(
            proxied("/envelopes/" + envelopeId + "/documents/1")
                .header("Content-Type", "application/pdf")
                .header("Content-Disposition", "file; filename=\"big.pdf\"; documentid=1")
                .PUT(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> GeneratedBytes.stream(SIZE, 22)),
                        SIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(JSON.readTree(put.body()).get("sizeBytes").asLong()).isEqualTo(SIZE);

    HttpResponse<InputStream> back =
        http.send(
            proxied("/envelopes/" + envelopeId + "/documents/1").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(sha256(back.body())).isEqualTo(sha256(GeneratedBytes.stream(SIZE, 22)));
    assertThat(server.isAlive()).isTrue();
  }

  private static HttpRequest.Builder proxied(String accountPath) {
    return HttpRequest.newBuilder(
            base.resolve(
                "/api/connections/"
                    + connection
                    + "/proxy/restapi/v2.1/accounts/"
                    + accountId
                    + accountPath))
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .timeout(Duration.ofMinutes(3));
  }

  private static boolean healthy() {
    try {
      return http.send(
                  HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream d = new DigestInputStream(in, md)) {
      d.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
