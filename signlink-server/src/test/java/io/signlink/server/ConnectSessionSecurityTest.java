package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Account injection, session misuse and binding-cookie fixation against a real server and the
 * emulator (SECURITY.md §connect-sessions, §binding-cookie).
 */
class ConnectSessionSecurityTest {
  static MutableClock clock;
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    clock = MutableClock.ofNow();
    sl = TestSignLink.start(true, false, b -> b, clock);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void theOldOwnerQueryStartsNoFlowAndFilesNothing() {
    HttpClient attacker = TestSignLink.browser();
    HttpResponse<String> r = sl.get(attacker, "/connect/boldsign?owner=victim");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Connecting needs a link from the application");
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(ownersConnections("victim")).isEmpty();
  }

  @Test
  void anAbsentSessionIsRefused() {
    HttpResponse<String> page = sl.get(TestSignLink.browser(), "/connect");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("This connect link is not valid");
    HttpResponse<String> post = sl.postForm(TestSignLink.browser(), "/connect/boldsign", "");
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(post.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void aForgedSessionIsRefused() {
    String forged = "cs_" + "A".repeat(43);
    HttpResponse<String> page = sl.get(TestSignLink.browser(), "/connect?session=" + forged);
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("This connect link is not valid").doesNotContain(forged);
    HttpResponse<String> post =
        sl.postForm(TestSignLink.browser(), "/connect/boldsign", "session=" + forged + "&csrf=x");
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(post.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void anExpiredSessionIsRefused() {
    JsonNode s = sl.createSession("boldsign", "expiring", "\"expires_in\": 60");
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(browser, s.get("connect_url").asText());
    assertThat(page.statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(61));

    HttpResponse<String> late = sl.confirmPage(browser, s.get("connect_url").asText());
    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(late.body()).contains("This connect link expired");
    HttpResponse<String> post = sl.pressContinue(browser, "boldsign", page.body());
    assertThat(post.statusCode()).isEqualTo(410);
    assertThat(post.headers().firstValue("Location")).isEmpty();
    assertThat(ownersConnections("expiring")).isEmpty();
  }

  @Test
  void sessionsExpiredOverAnHourAgoArePurgedAsNewOnesAreCreated() {
    JsonNode old = sl.createSession("boldsign", "purged", "\"expires_in\": 60");
    clock.advance(Duration.ofHours(2));
    assertThat(sl.confirmPage(TestSignLink.browser(), old.get("connect_url").asText()).statusCode())
        .isEqualTo(410);
    for (int i = 0; i < 64; i++) {
      sl.createSession("boldsign", "filler-" + i, "");
    }
    HttpResponse<String> gone =
        sl.confirmPage(TestSignLink.browser(), old.get("connect_url").asText());
    assertThat(gone.statusCode()).isEqualTo(404);
  }

  @Test
  void aSessionStartsOneFlowOnly() {
    JsonNode s = sl.createSession("boldsign", "once", "");
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(browser, s.get("connect_url").asText());
    assertThat(sl.pressContinue(browser, "boldsign", page.body()).statusCode()).isEqualTo(303);

    HttpResponse<String> again = sl.confirmPage(browser, s.get("connect_url").asText());
    assertThat(again.statusCode()).isEqualTo(410);
    assertThat(again.body()).contains("already used");
    HttpClient other = TestSignLink.browser();
    HttpResponse<String> otherPage = sl.confirmPage(other, s.get("connect_url").asText());
    assertThat(otherPage.statusCode()).isEqualTo(410);
    HttpResponse<String> replay = sl.pressContinue(browser, "boldsign", page.body());
    assertThat(replay.statusCode()).isEqualTo(410);
    assertThat(replay.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void continueNeedsTheConfirmationPageOfTheSameBrowser() { // login CSRF without a browser
    JsonNode s = sl.createSession("boldsign", "attacker", "");
    HttpClient attacker = TestSignLink.browser();
    HttpResponse<String> attackersPage = sl.confirmPage(attacker, s.get("connect_url").asText());

    HttpClient victim = TestSignLink.browser();
    HttpResponse<String> forged = sl.pressContinue(victim, "boldsign", attackersPage.body());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("did not come from the confirmation page");
    assertThat(forged.headers().firstValue("Location")).isEmpty();

    // even with a page of its own, the victim's cookie does not match the attacker's token
    sl.confirmPage(victim, s.get("connect_url").asText());
    assertThat(sl.pressContinue(victim, "boldsign", attackersPage.body()).statusCode())
        .isEqualTo(403);
    // the refused attempts did not spend the session
    assertThat(sl.pressContinue(attacker, "boldsign", attackersPage.body()).statusCode())
        .isEqualTo(303);
  }

  @Test
  void continueOnlyToAnOfferedProvider() {
    JsonNode s = sl.createSession("boldsign", "only-boldsign", "");
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(browser, s.get("connect_url").asText());
    HttpResponse<String> r = sl.pressContinue(browser, "docusign", page.body());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("does not offer that provider");
  }

  @Test
  void creatingASessionNeedsAValidApiKeyAndSaneInput() {
    String body = "{\"owner\": \"x\"}";
    assertThat(sl.api("POST", "/api/connect-sessions", null, body).statusCode()).isEqualTo(401);
    assertThat(sl.api("POST", "/api/connect-sessions", "sk_wrong_key_123456789012", body))
        .satisfies(r -> assertThat(r.statusCode()).isEqualTo(401));
    String key = TestSignLink.ADMIN_KEY;
    HttpResponse<String> noOwner = sl.api("POST", "/api/connect-sessions", key, "{}");
    assertThat(noOwner.statusCode()).isEqualTo(400);
    assertThat(noOwner.body()).contains("owner is required");
    assertThat(sl.api("POST", "/api/connect-sessions", key, "not json").statusCode())
        .isEqualTo(400);
    HttpResponse<String> unknown =
        sl.api(
            "POST",
            "/api/connect-sessions",
            key,
            "{\"owner\": \"x\", \"providers\": [\"nosuch\"]}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("not configured");
    HttpResponse<String> tooLong =
        sl.api("POST", "/api/connect-sessions", key, "{\"owner\": \"x\", \"expires_in\": 3600}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("between 60 and 1800 seconds");
    HttpResponse<String> controls =
        sl.api("POST", "/api/connect-sessions", key, "{\"owner\": \"a\\r\\nb\"}");
    assertThat(controls.statusCode()).isEqualTo(400);
  }

  @Test
  void aCreatedSessionIsShortLivedUncachedAndStoredOnlyAsAHash() throws Exception {
    HttpResponse<String> r =
        sl.api(
            "POST",
            "/api/connect-sessions",
            TestSignLink.ADMIN_KEY,
            "{\"owner\": \"hashed\", \"email\": \"h@example.com\", \"tags\": {\"plan\": \"pro\"}}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode s = TestSignLink.readJson(r.body());
    String token = s.get("token").asText();
    assertThat(token).startsWith("cs_").hasSizeGreaterThanOrEqualTo(46);
    assertThat(s.get("connect_url").asText())
        .isEqualTo(sl.server.baseUri() + "/connect?session=" + token);
    assertThat(Instant.parse(s.get("expires_at").asText()))
        .isBeforeOrEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(s.get("providers")).hasSize(2);

    List<String> stored = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + sl.dataDir.resolve("signlink.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM connect_sessions WHERE owner = 'hashed'")) {
      assertThat(rs.next()).isTrue();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        stored.add(String.valueOf(rs.getObject(i)));
      }
      assertThat(rs.getString("token_hash"))
          .isEqualTo(
              HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    assertThat(String.join("|", stored)).doesNotContain(token.substring(3));
  }

  @Test
  void theConfirmationPageNamesApplicationProviderAndAccountEscaped() {
    JsonNode s = sl.createSession("docusign", "user-42", "\"email\": \"<b>alice</b>@example.com\"");
    HttpResponse<String> page =
        sl.confirmPage(TestSignLink.browser(), s.get("connect_url").asText());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.body())
        .contains(
            "Connect <strong>DocuSign</strong> for <strong>Acme Inc.</strong> as"
                + " <strong>&lt;b&gt;alice&lt;/b&gt;@example.com</strong>")
        .contains("<code>user-42</code>")
        .contains("<form method=\"post\" action=\"/connect/docusign\">")
        .doesNotContain("<b>alice</b>")
        .doesNotContain("href=\"/console\"");
  }

  @Test
  void aPlantedBindingCookieIsNeverAdopted() { // SECURITY.md §binding-cookie
    // a browser that carries a value the attacker chose; it keeps whatever the server sets after
    String planted = "P".repeat(43);
    HttpClient victim = HttpClient.newHttpClient();
    JsonNode s = sl.createSession("boldsign", "fixated", "");
    HttpResponse<String> page =
        TestSignLink.send(
            victim,
            HttpRequest.newBuilder(URI.create(s.get("connect_url").asText()))
                .header("Cookie", "signlink_binding=" + planted)
                .build());
    String onPage = bindingSet(page);
    assertThat(onPage).isNotEqualTo(planted).hasSize(43);
    HttpResponse<String> begin =
        TestSignLink.send(
            victim,
            HttpRequest.newBuilder(sl.uri("/connect/boldsign"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "signlink_binding=" + onPage)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "session="
                            + TestSignLink.enc(TestSignLink.hidden(page.body(), "session"))
                            + "&csrf="
                            + TestSignLink.enc(TestSignLink.hidden(page.body(), "csrf"))))
                .build());
    assertThat(begin.statusCode()).isEqualTo(303);
    String forFlow = bindingSet(begin);
    assertThat(forFlow).isNotEqualTo(planted).isNotEqualTo(onPage);

    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(victim, HttpRequest.newBuilder(authorize).build());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    // the attacker, who knows only the planted value, cannot complete the victim's flow
    HttpResponse<String> stolen =
        TestSignLink.send(
            victim,
            HttpRequest.newBuilder(callback)
                .header("Cookie", "signlink_binding=" + planted)
                .build());
    assertThat(stolen.statusCode()).isEqualTo(400);
    assertThat(stolen.body()).contains("another browser");
    assertThat(ownersConnections("fixated")).isEmpty();
  }

  @Test
  void overHttpsTheBindingCookieIsHostPrefixedAndSecure() {
    try (TestSignLink https =
        TestSignLink.start(
            true, false, b -> b.publicUrl(URI.create("https://signlink.example.test")))) {
      JsonNode s = https.createSession("boldsign", "secure-owner", "");
      String token = s.get("token").asText();
      HttpResponse<String> page =
          TestSignLink.send(
              TestSignLink.browser(),
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + https.server.port() + "/connect?session=" + token))
                  .build());
      assertThat(page.statusCode()).isEqualTo(200);
      String setCookie =
          page.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("__Host-signlink_binding="))
              .findFirst()
              .orElseThrow();
      assertThat(setCookie)
          .containsIgnoringCase("Secure")
          .containsIgnoringCase("HttpOnly")
          .containsIgnoringCase("SameSite=Lax")
          .containsIgnoringCase("Path=/")
          .doesNotContainIgnoringCase("Domain=");
      assertThat(s.get("connect_url").asText())
          .startsWith("https://signlink.example.test/connect?session=cs_");
    }
  }

  @Test
  void aReconnectKeepsItsConnectionAndRefusesAnotherProviderUser() {
    String id =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "re-owner"));
    String key = TestSignLink.ADMIN_KEY;

    HttpResponse<String> created =
        sl.api("POST", "/api/connections/" + id + "/connect-session", key, "");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode s = TestSignLink.readJson(created.body());
    assertThat(s.get("connection_id").asText()).isEqualTo(id);
    assertThat(s.get("owner").asText()).isEqualTo("re-owner");
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(browser, s.get("connect_url").asText());
    assertThat(page.body()).contains("Reconnect <strong>DocuSign</strong>");
    HttpResponse<String> sameUser =
        sl.finish(browser, sl.pressContinue(browser, "docusign", page.body()));
    assertThat(sameUser.statusCode()).isEqualTo(303);
    assertThat(sameUser.headers().firstValue("Location")).hasValue("/connect/done");
    assertThat(ownersConnections("re-owner")).containsExactly(id);

    // another DocuSign user signs in: refused, nothing stored
    JsonNode s2 =
        TestSignLink.readJson(
            sl.api("POST", "/api/connections/" + id + "/connect-session", key, "{}").body());
    HttpResponse<String> other = asOtherUser(s2);
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.body()).contains("A different account signed in");
    assertThat(ownersConnections("re-owner")).containsExactly(id);

    // unless the application asked for it
    JsonNode s3 =
        TestSignLink.readJson(
            sl.api(
                    "POST",
                    "/api/connections/" + id + "/connect-session",
                    key,
                    "{\"allow_different_subject\": true}")
                .body());
    assertThat(asOtherUser(s3).statusCode()).isEqualTo(303);
    assertThat(ownersConnections("re-owner")).hasSize(2);

    assertThat(sl.api("POST", "/api/connections/nosuch/connect-session", key, "").statusCode())
        .isEqualTo(404);
    assertThat(sl.api("POST", "/api/connections/" + id + "/connect-session", null, "").statusCode())
        .isEqualTo(401);
  }

  private HttpResponse<String> asOtherUser(JsonNode session) {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> page = sl.confirmPage(browser, session.get("connect_url").asText());
    HttpResponse<String> begin = sl.pressContinue(browser, "docusign", page.body());
    URI authorize =
        URI.create(
            begin.headers().firstValue("Location").orElseThrow()
                + "&login_hint=marco.ruiz%40example.com");
    HttpResponse<String> approved =
        TestSignLink.send(browser, HttpRequest.newBuilder(authorize).build());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    return TestSignLink.send(browser, HttpRequest.newBuilder(callback).build());
  }

  private static String bindingSet(HttpResponse<String> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("signlink_binding="))
        .map(c -> c.substring("signlink_binding=".length(), c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no binding cookie set"));
  }

  private static List<String> ownersConnections(String owner) {
    JsonNode list =
        TestSignLink.readJson(
            sl.api("GET", "/api/connections?owner=" + owner, TestSignLink.ADMIN_KEY, null).body());
    List<String> ids = new ArrayList<>();
    list.get("connections").forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }
}
