package io.signlink.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** SECURITY.md §redaction: no code, token, verifier, state or secret reaches the emulator's log. */
class LogHygieneTest {

  @Test
  void aFullFlowWithErrorsLogsNoSecretValue() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    try (Emulator emu = Emulator.start(TestClient.config().autoApprove(true).build())) {
      TestClient client = new TestClient(emu);
      TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
      String authorizeUrl =
          client.boldSignAuthorizeUrl(
              DemoClients.BOLDSIGN_CLIENT_ID,
              TestClient.REDIRECT,
              "openid offline_access BoldSign.Documents.All",
              "state-value-123",
              pkce);
      String code = TestClient.locationParams(client.get(authorizeUrl)).get("code");
      JsonNode tokens = TestClient.json(client.boldSignExchange(code, pkce));
      HttpResponse<String> refreshed = client.boldSignRefresh(tokens.get("refresh_token").asText());
      client.boldSignRefresh(tokens.get("refresh_token").asText()); // reuse: revokes the family
      client.boldSignExchange(code, pkce); // code reuse: another error path
      client.boldSignDocuments(tokens.get("access_token").asText());

      List<String> secrets =
          List.of(
              code,
              pkce.verifier(),
              "state-value-123",
              tokens.get("access_token").asText(),
              tokens.get("refresh_token").asText(),
              tokens.get("id_token").asText(),
              TestClient.json(refreshed).get("access_token").asText(),
              DemoClients.BOLDSIGN_CLIENT_SECRET);
      assertThat(appender.list).isNotEmpty();
      for (ILoggingEvent event : appender.list) {
        for (String secret : secrets) {
          assertThat(event.getFormattedMessage()).doesNotContain(secret);
        }
      }
    } finally {
      root.detachAppender(appender);
    }
  }
}
