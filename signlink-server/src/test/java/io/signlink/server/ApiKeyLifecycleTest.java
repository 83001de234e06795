package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API keys over HTTP (SECURITY.md §api-auth, §applications): scopes are enforced, last use is
 * recorded, a revoked key is refused at once and the console sessions it opened end, a key revoked
 * by another process (the CLI) stops within seconds, an expired key is refused.
 */
class ApiKeyLifecycleTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
    Apps.create(sl, "acme", "");
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  static HttpResponse<String> login(HttpClient browser, String key) {
    return TestSignLink.send(
        browser,
        HttpRequest.newBuilder(sl.uri("/console/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("api_key=" + key))
            .build());
  }

  static JsonNode keyListed(String id) {
    for (JsonNode k :
        Apps.json(sl.api("GET", "/api/keys?application=acme", TestSignLink.ADMIN_KEY, null))
            .get("keys")) {
      if (k.get("id").asText().equals(id)) {
        return k;
      }
    }
    throw new AssertionError("key " + id + " is not listed");
  }

  @Test
  void scopesDecideWhatAKeyMayDo() {
    String reader = Apps.key(sl, "acme", "tokens:read")[1];
    String connector = Apps.key(sl, "acme", "connect-sessions:create")[1];
    String manager = Apps.key(sl, "acme", "connections:manage")[1];
    String id = Apps.connection(sl, "acme", "scoped-owner").id();
    assertThat(sl.api("POST", "/api/connections/" + id + "/token", reader, null).statusCode())
        .isEqualTo(200);
    assertThat(sl.api("DELETE", "/api/connections/" + id, reader, null).statusCode())
        .isEqualTo(403);
    assertThat(sl.api("POST", "/api/connections/" + id + "/token", manager, null).statusCode())
        .isEqualTo(403);
    assertThat(sl.api("GET", "/api/connections/" + id, manager, null).statusCode()).isEqualTo(200);
    HttpResponse<String> none = sl.api("GET", "/api/connections", connector, null);
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(Apps.json(none).get("message").asText()).contains("tokens:read");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
    for (String k : new String[] {reader, connector, manager}) {
      assertThat(sl.api("GET", "/api/keys", k, null).statusCode()).isEqualTo(403);
      assertThat(sl.api("GET", "/api/applications", k, null).statusCode()).isEqualTo(403);
    }
    assertThat(login(TestSignLink.browser(), reader).statusCode())
        .as("the console needs connections:manage")
        .isEqualTo(403);
    assertThat(sl.api("DELETE", "/api/connections/" + id, manager, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void lastUseIsRecordedAndListedWithoutTheKey() {
    String[] k = Apps.key(sl, "acme", "tokens:read");
    JsonNode before = keyListed(k[0]);
    assertThat(before.get("last_used_at").isNull()).isTrue();
    assertThat(before.toString()).doesNotContain(k[1]);
    assertThat(before.get("prefix").asText()).isEqualTo(k[1].substring(0, 11));
    assertThat(before.get("scopes").toString()).isEqualTo("[\"tokens:read\"]");
    Instant beforeUse = Instant.now().minusSeconds(1);
    assertThat(sl.api("GET", "/api/connections", k[1], null).statusCode()).isEqualTo(200);
    JsonNode after = keyListed(k[0]);
    assertThat(Instant.parse(after.get("last_used_at").asText())).isAfter(beforeUse);
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceAndItsConsoleSessionEnds() {
    String[] k = Apps.key(sl, "acme", "connections:manage");
    HttpClient browser = TestSignLink.browser();
    assertThat(login(browser, k[1]).statusCode()).isEqualTo(303);
    assertThat(sl.get(browser, "/console").statusCode()).isEqualTo(200);
    assertThat(sl.api("GET", "/api/connections", k[1], null).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        sl.api("DELETE", "/api/keys/" + k[0], TestSignLink.ADMIN_KEY, null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(Apps.json(revoked).get("console_sessions_ended").asInt()).isEqualTo(1);
    assertThat(Apps.json(revoked).get("revoked_at").isNull()).isFalse();

    HttpResponse<String> api = sl.api("GET", "/api/connections", k[1], null);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(Apps.json(api).get("error").asText()).isEqualTo("unauthorized");
    HttpResponse<String> console = sl.get(browser, "/console");
    assertThat(console.statusCode()).isEqualTo(303);
    assertThat(console.headers().firstValue("Location")).hasValue("/console/login");
    assertThat(login(TestSignLink.browser(), k[1]).statusCode()).isEqualTo(401);
    assertThat(keyListed(k[0]).get("revoked_at").isNull()).isFalse();
  }

  @Test
  void aKeyRevokedByAnotherProcessStopsWithinSecondsAndSoDoesItsConsoleSession() {
    String[] k = Apps.key(sl, "acme", "connections:manage");
    HttpClient browser = TestSignLink.browser();
    assertThat(login(browser, k[1]).statusCode()).isEqualTo(303);
    assertThat(sl.api("GET", "/api/connections", k[1], null).statusCode()).isEqualTo(200);
    // what `signlink keys revoke` does from its own process: a row update, nothing in memory here
    assertThat(sl.server.runtime().store().apiKeys().revoke(k[0])).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> sl.api("GET", "/api/connections", k[1], null).statusCode() == 401);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> sl.get(browser, "/console").statusCode() == 303);
  }

  @Test
  void anExpiredKeyIsRefused() {
    String[] k =
        Apps.keyBy(
            sl,
            TestSignLink.ADMIN_KEY,
            "acme",
            Instant.now().plusSeconds(3).toString(),
            "tokens:read");
    assertThat(keyListed(k[0]).get("expires_at").isNull()).isFalse();
    assertThat(sl.api("GET", "/api/connections", k[1], null).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> sl.api("GET", "/api/connections", k[1], null).statusCode() == 401);
    HttpResponse<String> past =
        sl.api(
            "POST",
            "/api/keys",
            TestSignLink.ADMIN_KEY,
            "{\"name\":\"late\",\"scopes\":[\"admin\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}");
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(Apps.json(past).get("message").asText()).contains("future");
  }

  @Test
  void keysAreCreatedOnlyWithKnownScopesAndShownOnce() {
    HttpResponse<String> bad =
        sl.api(
            "POST",
            "/api/keys",
            TestSignLink.ADMIN_KEY,
            "{\"name\":\"x\",\"scopes\":[\"everything\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Apps.json(bad).get("message").asText()).contains("tokens:read");
    HttpResponse<String> none =
        sl.api("POST", "/api/keys", TestSignLink.ADMIN_KEY, "{\"name\":\"x\",\"scopes\":[]}");
    assertThat(none.statusCode()).isEqualTo(400);
    HttpResponse<String> ok =
        sl.api(
            "POST",
            "/api/keys",
            TestSignLink.ADMIN_KEY,
            "{\"name\":\"x\",\"application\":\"acme\",\"scopes\":[\"tokens:read\"]}");
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    assertThat(Apps.json(ok).get("key").asText()).startsWith("sk_");
  }
}
