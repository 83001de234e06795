package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SECURITY.md §request-limits: bodies are capped at 1 MiB whatever their transfer encoding. */
class RequestBodyCapTest {
  static final long MIB = 1024 * 1024;
  static TestSignLink sl;
  static String docuSign;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
    docuSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "cap-owner"));
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  private static String auth() {
    return "Authorization: Bearer " + TestSignLink.ADMIN_KEY + "\r\n";
  }

  @Test
  void announcedBodiesOverOneMebibyteAreRefusedBeforeTheyAreRead() throws Exception {
    // Only the head is sent: the answer must come from the declared length alone. (A client that
    // is still writing when the server answers and closes may lose the answer to the reset; the
    // chunked tests below read while writing.)
    RawHttp.Result login =
        RawHttp.send(
            sl.server.port(),
            "POST /console/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + 2 * MIB);
    assertThat(login.status()).isEqualTo(413);
    assertThat(login.header("Content-Type")).startsWith("text/html");
    assertThat(login.body()).contains("larger than SignLink accepts (1 MiB)");

    RawHttp.Result api =
        RawHttp.send(
            sl.server.port(),
            "POST /api/connections/"
                + docuSign
                + "/account HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + auth()
                + "Content-Type: application/json\r\nContent-Length: "
                + 2 * MIB);
    assertThat(api.status()).isEqualTo(413);
    assertThat(api.body()).contains("\"error\":\"request_too_large\"");
  }

  @Test
  void chunkedBodiesOverOneMebibyteAreRefusedWith413() throws Exception {
    RawHttp.Result login =
        RawHttp.chunkedPost(
            sl.server.port(),
            "/console/login",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            64 * MIB);
    assertThat(login.status()).isEqualTo(413);
    assertThat(login.header("Content-Type")).startsWith("text/html");
    assertThat(login.body()).contains("larger than SignLink accepts (1 MiB)");

    RawHttp.Result api =
        RawHttp.chunkedPost(
            sl.server.port(),
            "/api/connections/" + docuSign + "/account",
            auth() + "Content-Type: application/json\r\n",
            64 * MIB);
    assertThat(api.status()).isEqualTo(413);
    assertThat(api.header("Content-Type")).startsWith("application/json");
    assertThat(api.body())
        .contains("\"error\":\"request_too_large\"")
        .contains("send a smaller body");
  }

  @Test
  void chunkedBodiesUnderTheCapAreReadAsUsual() throws Exception {
    RawHttp.Result login =
        RawHttp.chunkedPost(
            sl.server.port(),
            "/console/login",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            512 * 1024);
    // read in full, then refused for what it says (no api_key field), not for its size
    assertThat(login.status()).isEqualTo(401);
  }

  private static String lineStarting(BufferedReader out, String prefix) throws Exception {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("the child JVM ended before printing " + prefix);
  }

  /**
   * The attack as reported, against a server in its own JVM with 64 MB of heap: two 300 MB chunked
   * bodies are refused with 413 within seconds, the server stays up, and its peak heap use stays
   * below 64 MB (where buffering one body would need 300 MB).
   */
  @Test
  void aServerWith64MegabytesOfHeapRefuses300MegabyteChunkedBodiesAndStaysUp() throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(
                    javaBin.toString(),
                    "-Xmx64m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    SmallHeapServerMain.class.getName()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String[] ready = lineStarting(out, "READY ").split(" ");
      int port = Integer.parseInt(ready[1]);
      String connection = ready[2];

      RawHttp.Result login =
          RawHttp.chunkedPost(
              port,
              "/console/login",
              "Content-Type: application/x-www-form-urlencoded\r\n",
              300 * MIB);
      RawHttp.Result api =
          RawHttp.chunkedPost(
              port,
              "/api/connections/" + connection + "/account",
              "Authorization: Bearer " + ready[3] + "\r\nContent-Type: application/json\r\n",
              300 * MIB);

      for (RawHttp.Result r : List.of(login, api)) {
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.untilResponse()).isLessThan(Duration.ofSeconds(20));
        // How much the client got to write first varies (4 MB to all 300 MB on a loaded
        // machine, discarded by Jetty as it arrives); the heap bound below is what matters.
        assertThat(r.bytesSent()).isPositive();
      }
      assertThat(child.isAlive()).isTrue();
      OutputStream ask = child.getOutputStream();
      ask.write('\n');
      ask.flush();
      long peakHeap = Long.parseLong(lineStarting(out, "PEAK ").substring(5).trim());
      assertThat(peakHeap).isLessThan(64 * MIB);
      HttpResponse<String> health =
          TestSignLink.send(
              TestSignLink.browser(),
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }
}
