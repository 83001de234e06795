package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SECURITY.md §malformed-requests: a URL or form with a malformed %-escape is the client's error
 * (400, what to fix), answered before the API-key check, never a 500 and never a log line with a
 * stack trace.
 */
class MalformedRequestsTest {
  static TestSignLink sl;
  final RateLimitsTest.InfoLines logLines = new RateLimitsTest.InfoLines();

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @BeforeEach
  void capture() {
    logLines.attach();
  }

  @AfterEach
  void release() {
    logLines.detach();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/connections/%u0041",
        "/api/connections/%u0041/token",
        "/api/connections?owner=%u0041",
        "/api/connections?owner=abc%",
        "/refresh-token?provider=%u"
      })
  void apiUrlsWithMalformedEscapesAre400BeforeTheKeyCheck(String target) throws Exception {
    RawHttp.Result r = RawHttp.send(sl.server.port(), "GET " + target + " HTTP/1.1\r\nHost: x");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.body())
        .contains("\"error\":\"invalid_request\"")
        .contains("malformed %-escape; encode '%' as %25");
    assertThat(logLines.warningsAndErrors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/console/connections/%u0041",
        "/connect/%u0041",
        "/callback/%u0041",
        "/connect/boldsign?owner=%u0041"
      })
  void browserUrlsWithMalformedEscapesGetA400Page(String target) throws Exception {
    RawHttp.Result r = RawHttp.send(sl.server.port(), "GET " + target + " HTTP/1.1\r\nHost: x");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("malformed %-escape");
    assertThat(logLines.warningsAndErrors()).isEmpty();
  }

  /** Jetty's own URI parser refuses these before SignLink sees them: still 400, still no trace. */
  @ParameterizedTest
  @ValueSource(strings = {"/api/connections/abc%", "/api/connections/%zz/token", "/console/%"})
  void pathsJettyCannotParseAre400Too(String target) throws Exception {
    RawHttp.Result r = RawHttp.send(sl.server.port(), "GET " + target + " HTTP/1.1\r\nHost: x");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    assertThat(logLines.warningsAndErrors()).isEmpty();
  }

  /** The form decoder is lenient: the key is just wrong (401), never a 500. */
  @ParameterizedTest
  @ValueSource(strings = {"api_key=%u0041", "api_key=abc%2"})
  void formsWithMalformedEscapesAreAWrongKeyNotAFailure(String form) throws Exception {
    RawHttp.Result r =
        RawHttp.send(
            sl.server.port(),
            "POST /console/login HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length()
                + "\r\n\r\n"
                + form);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).contains("That API key is unknown or revoked");
    assertThat(logLines.warningsAndErrors()).isEmpty();
  }
}
