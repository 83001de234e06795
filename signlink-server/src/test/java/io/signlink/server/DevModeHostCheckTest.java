package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY.md §dns-rebinding: the dev-mode console (no login) answers only to loopback names, so a
 * rebound name ({@code evil.example} resolving to 127.0.0.1) gets 421 on every route.
 */
class DevModeHostCheckTest {
  static TestSignLink dev;
  static TestSignLink loggedIn;

  @BeforeAll
  static void start() {
    dev = TestSignLink.start(true, true);
    loggedIn = TestSignLink.start(true, false);
  }

  @AfterAll
  static void stop() {
    dev.close();
    loggedIn.close();
  }

  private static RawHttp.Result get(TestSignLink sl, String target, String host) throws Exception {
    return RawHttp.send(
        sl.server.port(),
        "GET " + target + " HTTP/1.1" + (host == null ? "" : "\r\nHost: " + host));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]", "LOCALHOST"})
  void loopbackNamesWithOrWithoutAPortReachTheDevConsole(String name) throws Exception {
    assertThat(get(dev, "/console", name + ":" + dev.server.port()).status()).isEqualTo(200);
    assertThat(get(dev, "/console", name).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.example",
        "evil.example:PORT",
        "127.0.0.1.nip.io:PORT",
        "localhost.evil.example",
        "127.0.0.2"
      })
  void otherHostNamesAreMisdirectedOnEveryRoute(String host) throws Exception {
    String h = host.replace("PORT", Integer.toString(dev.server.port()));
    RawHttp.Result console = get(dev, "/console", h);
    assertThat(console.status()).isEqualTo(421);
    assertThat(console.header("Content-Type")).startsWith("text/html");
    assertThat(console.body()).contains("answers only to http://localhost");
    RawHttp.Result api = get(dev, "/api/connections", h);
    assertThat(api.status()).isEqualTo(421);
    assertThat(api.body()).contains("\"error\":\"misdirected_request\"");
    assertThat(get(dev, "/connect/boldsign?owner=victim", h).status()).isEqualTo(421);
    assertThat(get(dev, "/healthz", h).status()).isEqualTo(421);
  }

  @Test
  void aHostHeaderWithABadPortIsRefused() throws Exception {
    assertThat(get(dev, "/console", "localhost:notaport").status()).isEqualTo(400);
  }

  @Test
  void aRequestWithoutHostIsMisdirectedInDevMode() throws Exception {
    RawHttp.Result r = RawHttp.send(dev.server.port(), "GET /console HTTP/1.0");
    assertThat(r.status()).isEqualTo(421);
  }

  @Test
  void withALoginTheHostIsNotChecked() throws Exception {
    assertThat(get(loggedIn, "/healthz", "signlink.example.com").status()).isEqualTo(200);
    assertThat(get(loggedIn, "/console", "signlink.example.com").status()).isEqualTo(303);
  }
}
