package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.signlink.server.http.AccessLog;
import io.signlink.server.logging.Redaction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** SECURITY.md §redaction: codes, states and keys never reach a log line. */
class AccessLogRedactionTest {
  @Test
  void masksTheWholeCallbackQueryAndSecretParameters() {
    assertThat(AccessLog.maskQuery("/callback/boldsign", "code=abc&state=def"))
        .isEqualTo("[masked]");
    assertThat(AccessLog.maskQuery("/api/connections", "owner=alice&access_token=xyz"))
        .isEqualTo("owner=alice&access_token=[masked]");
  }

  @Test
  void redactsCredentialsInMessages() {
    assertThat(Redaction.redact("Authorization: Bearer abcdefghijkl"))
        .doesNotContain("abcdefghijkl");
    assertThat(Redaction.redact("key sk_live_0123456789abcdef used"))
        .doesNotContain("0123456789abcdef");
    assertThat(Redaction.redact("url ?code=SECRETCODE&state=SECRETSTATE"))
        .doesNotContain("SECRETCODE")
        .doesNotContain("SECRETSTATE");
    assertThat(Redaction.redact("jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))
        .doesNotContain("eyJzdWIiOiJ4In0");
    assertThat(Redaction.oneLine("a\r\nb\u001b[31m")).doesNotContain("\n").doesNotContain("\u001b");
  }

  @Test
  void endToEndLogsCarryNoCodeStateOrToken() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    try (TestSignLink sl = TestSignLink.start(true, true)) {
      HttpClient browser = TestSignLink.browser();
      com.fasterxml.jackson.databind.JsonNode session =
          sl.createSession(
              "boldsign", "logged", "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done\"");
      String sessionToken = session.get("token").asText();
      HttpResponse<String> page = sl.confirmPage(browser, session.get("connect_url").asText());
      String csrf = TestSignLink.hidden(page.body(), "csrf");
      HttpResponse<String> begin = sl.pressContinue(browser, "boldsign", page.body());
      URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
      String state = ConnectFlowRoutesTest.query(authorize, "state");
      HttpResponse<String> approved =
          TestSignLink.send(browser, HttpRequest.newBuilder(authorize).build());
      URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
      String code = ConnectFlowRoutesTest.query(callback, "code");
      HttpResponse<String> done =
          TestSignLink.send(browser, HttpRequest.newBuilder(callback).build());
      String id = TestSignLink.connectionId(done);
      String token =
          sl.api("POST", "/api/connections/" + id + "/token", TestSignLink.ADMIN_KEY, null).body();
      String accessToken = token.replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");

      String all =
          String.join(
              "\n",
              appender.list.stream()
                  .map(
                      e ->
                          e.getFormattedMessage()
                              + (e.getThrowableProxy() == null
                                  ? ""
                                  : e.getThrowableProxy().getMessage()))
                  .toList());
      assertThat(all).contains("path=\"/callback/boldsign\" query=\"[masked]\"");
      assertThat(all).contains("path=\"/connect\" query=\"session=[masked]\"");
      assertThat(all)
          .doesNotContain(code)
          .doesNotContain(state)
          .doesNotContain(accessToken)
          .doesNotContain(sessionToken)
          .doesNotContain(csrf)
          .doesNotContain(TestSignLink.ADMIN_KEY);
    } finally {
      root.detachAppender(appender);
    }
  }
}
