package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console behind its login (not dev mode). */
class ConsoleRoutesTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  static HttpResponse<String> postForm(HttpClient client, String path, String form) {
    return TestSignLink.send(
        client,
        HttpRequest.newBuilder(sl.uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
  }

  static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }

  @Test
  void requiresALoginWhenNotInDevMode() {
    HttpResponse<String> r = sl.get(TestSignLink.browser(), "/console");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/console/login");
  }

  @Test
  void wrongKeyShowsTheLoginAgainWith401() {
    HttpResponse<String> r =
        postForm(TestSignLink.browser(), "/console/login", "api_key=sk_nope_nope_nope_nope");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown or revoked");
  }

  @Test
  void logsInWithAnApiKeyAndRefusesFormsWithoutTheCsrfToken() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> login =
        postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("signlink_session=")
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict"));

    String id = TestSignLink.connectionId(sl.connect(browser, "boldsign", "console-owner"));
    HttpResponse<String> page = sl.get(browser, "/console");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("console-owner")
        .contains("Connect BoldSign")
        .contains("countdown");
    String csrf = csrf(page.body());

    HttpResponse<String> forged =
        postForm(browser, "/console/connections/" + id + "/refresh", "csrf=wrong");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> noSession =
        postForm(TestSignLink.browser(), "/console/connections/" + id + "/refresh", "csrf=" + csrf);
    assertThat(noSession.statusCode()).isEqualTo(303);
    assertThat(noSession.headers().firstValue("Location")).hasValue("/console/login");

    HttpResponse<String> refreshed =
        postForm(browser, "/console/connections/" + id + "/refresh", "csrf=" + csrf);
    assertThat(refreshed.statusCode())
        .isEqualTo(303); // SECURITY.md §web-headers: never 307/308 after a POST
    HttpResponse<String> detail = sl.get(browser, "/console/connections/" + id);
    assertThat(detail.body()).contains("Refreshed the boldsign connection");

    HttpResponse<String> tested =
        postForm(browser, "/console/connections/" + id + "/test", "csrf=" + csrf);
    assertThat(tested.statusCode()).isEqualTo(303);
    assertThat(sl.get(browser, "/console/connections/" + id).body())
        .contains("Test call OK")
        .contains("BoldSign:");
  }

  @Test
  void theConnectButtonOpensASessionOnlyWithTheConsolesCsrfToken() {
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String csrf = csrf(sl.get(browser, "/console").body());

    HttpResponse<String> forged =
        postForm(browser, "/console/connect/boldsign", "owner=victim&csrf=wrong");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> loggedOut =
        postForm(TestSignLink.browser(), "/console/connect/boldsign", "owner=x&csrf=" + csrf);
    assertThat(loggedOut.headers().firstValue("Location")).hasValue("/console/login");

    HttpResponse<String> opened =
        postForm(browser, "/console/connect/boldsign", "owner=operator-pick&csrf=" + csrf);
    assertThat(opened.statusCode()).isEqualTo(303);
    String location = opened.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/connect?session=cs_");
    HttpResponse<String> begin =
        sl.pressContinue(browser, "boldsign", sl.get(browser, location).body());
    HttpResponse<String> callback = sl.finish(browser, begin);
    String done = callback.headers().firstValue("Location").orElseThrow();
    assertThat(done).startsWith("/console/connections/").endsWith("?consent=connected");
    assertThat(sl.get(browser, done).body())
        .contains("id=\"banner\"")
        .contains("Connected: BoldSign for operator-pick");
  }

  @Test
  void backFromTheProviderWithoutTheSessionCookieALinkOpensTheConnection() {
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "boldsign", "strict-cookie"));

    // What a browser sends on the provider's redirect: no SameSite=Strict cookie.
    HttpResponse<String> noCookie =
        sl.get(TestSignLink.browser(), "/console/connections/" + id + "?consent=reconnected");

    assertThat(noCookie.statusCode()).isEqualTo(200);
    assertThat(noCookie.body())
        .contains("href=\"/console/connections/" + id + "?consent=reconnected\"")
        .doesNotContain("strict-cookie");
    // Without the parameter, or with the cookie, nothing changes.
    assertThat(sl.get(TestSignLink.browser(), "/console/connections/" + id).statusCode())
        .isEqualTo(303);
    assertThat(sl.get(browser, "/console/connections/" + id + "?consent=reconnected").body())
        .contains("Reconnected: BoldSign for strict-cookie");
  }

  @Test
  void choosesTheAccountCallsGoToAndAReconnectKeepsIt() {
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    // The emulator's default DocuSign user has two accounts; the consent lands on the default one.
    String id = TestSignLink.connectionId(sl.connect(browser, "docusign", "account-choice"));
    var store = sl.server.runtime().connections();
    io.signlink.connection.Connection before = store.find(id).orElseThrow();
    io.signlink.connection.Account other =
        before.accounts().stream()
            .filter(a -> !a.accountId().equals(before.accountId()))
            .findFirst()
            .orElseThrow();
    String page = sl.get(browser, "/console/connections/" + id).body();
    assertThat(page).contains("Use this account").contains("in use");
    String csrf = csrf(page);

    HttpResponse<String> chosen =
        postForm(
            browser,
            "/console/connections/" + id + "/account",
            "account_id=" + other.accountId() + "&csrf=" + csrf);
    assertThat(chosen.statusCode()).isEqualTo(303);
    String after = sl.get(browser, "/console/connections/" + id).body();
    assertThat(after).contains("now go to the account &quot;" + other.accountName());
    String otherRow = after.substring(after.indexOf("data-account-id=\"" + other.accountId()));
    assertThat(otherRow.substring(0, otherRow.indexOf("</tr>"))).contains("in use");
    assertThat(store.find(id).orElseThrow().accountId()).isEqualTo(other.accountId());

    // The test call (like the proxy and the API clients) goes to the chosen account.
    postForm(browser, "/console/connections/" + id + "/test", "csrf=" + csrf);
    assertThat(sl.get(browser, "/console/connections/" + id).body())
        .contains("Test call OK")
        .contains(other.accountName());

    // A reconnect from the console renews this connection and keeps the choice.
    HttpResponse<String> reconnect =
        postForm(browser, "/console/connections/" + id + "/reconnect", "csrf=" + csrf);
    String location = reconnect.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> begin =
        sl.pressContinue(browser, "docusign", sl.get(browser, location).body());
    HttpResponse<String> callback = sl.finish(browser, begin);
    assertThat(callback.headers().firstValue("Location"))
        .hasValue("/console/connections/" + id + "?consent=reconnected");
    assertThat(store.find(id).orElseThrow().accountId()).isEqualTo(other.accountId());
    assertThat(store.findByOwner("account-choice")).hasSize(1);
    assertThat(sl.get(browser, "/console/connections/" + id + "?consent=reconnected").body())
        .contains("Reconnected: DocuSign for account-choice (account &quot;" + other.accountName());
  }

  @Test
  void refusesAnAccountTheConnectionDoesNotHave() {
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "docusign", "no-such-account"));
    String csrf = csrf(sl.get(browser, "/console/connections/" + id).body());
    String before = sl.server.runtime().connections().find(id).orElseThrow().accountId();

    postForm(browser, "/console/connections/" + id + "/account", "account_id=nope&csrf=" + csrf);

    assertThat(sl.get(browser, "/console/connections/" + id).body())
        .contains("Failed: This connection has no account nope");
    assertThat(sl.server.runtime().connections().find(id).orElseThrow().accountId())
        .isEqualTo(before);
  }

  @Test
  void theBannerShowsOnlySignLinksOwnText() { // SECURITY.md §console-state
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "boldsign", "banner-text"));

    String html =
        sl.get(browser, "/console/connections/" + id + "?consent=%3Cscript%3Ealert(1)").body();

    assertThat(html).doesNotContain("id=\"banner\"").doesNotContain("<script>alert");
  }

  @Test
  void theStateThePagePollsHasStatusAndTimesButNoToken() throws Exception { // §console-state
    HttpClient browser = TestSignLink.browser();
    assertThat(sl.get(browser, "/console/state").statusCode()).isEqualTo(303); // signed out
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "boldsign", "state-poll"));
    String token =
        TestSignLink.readJson(
                sl.api("POST", "/api/connections/" + id + "/token", TestSignLink.ADMIN_KEY, null)
                    .body())
            .get("access_token")
            .asText();
    io.signlink.connection.Connection c = sl.server.runtime().connections().find(id).orElseThrow();

    HttpResponse<String> r = sl.get(browser, "/console/state?id=" + id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.body()).doesNotContain(token);
    var state = TestSignLink.readJson(r.body());
    assertThat(java.time.Instant.parse(state.get("now").asText()))
        .isCloseTo(
            java.time.Instant.now(),
            org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
    assertThat(state.get("connections")).hasSize(1);
    var row = state.get("connections").get(0);
    assertThat(row.get("id").asText()).isEqualTo(id);
    assertThat(row.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(row.get("expires_at").asText()).isEqualTo(c.tokens().accessExpiresAt().toString());
  }

  @Test
  void escapesOwnerNames() { // SECURITY.md §authorization-errors
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    sl.connect(browser, "docusign", "<img src=x>");
    String html = sl.get(browser, "/console").body();
    assertThat(html).contains("&lt;img src=x&gt;").doesNotContain("<img src=x>");
  }

  @Test
  void theAccountColumnShowsTheAccountIdNotTheProviderUser() {
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String id = TestSignLink.connectionId(sl.connect(browser, "docusign", "account-column"));
    io.signlink.connection.Connection c = sl.server.runtime().connections().find(id).orElseThrow();
    String html = sl.get(browser, "/console").body();
    String row = html.substring(html.indexOf("data-connection-id=\"" + id));
    row = row.substring(0, row.indexOf("</tr>"));

    assertThat(row).contains(c.accountName()).contains(c.accountId()).doesNotContain(c.subject());
  }

  @Test
  void theStateListsOnlyTheSessionsApplication() { // SECURITY.md §console-state
    HttpClient operator = TestSignLink.browser();
    postForm(operator, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String other = TestSignLink.connectionId(sl.connect(operator, "boldsign", "other-app-owner"));
    Apps.create(sl, "state-app", "");
    HttpClient browser = TestSignLink.browser();
    postForm(browser, "/console/login", "api_key=" + Apps.key(sl, "state-app", "admin")[1]);

    assertThat(TestSignLink.readJson(sl.get(browser, "/console/state").body()).get("connections"))
        .isEmpty();
    assertThat(
            TestSignLink.readJson(sl.get(browser, "/console/state?id=" + other).body())
                .get("connections"))
        .isEmpty();
  }

  @Test
  void servesAssetsWithoutLogin() {
    HttpResponse<String> js = sl.get(TestSignLink.browser(), "/console/assets/console.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
  }
}
