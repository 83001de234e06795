package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectFlowRoutesTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, true);
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  @Test
  void connectsBoldSignAndRedirectsToTheReturnUrlWithTheConnectionId() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin =
        sl.begin(
            browser,
            "boldsign",
            "alice",
            "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done?step=2\"");
    assertThat(begin.statusCode()).isEqualTo(303);
    assertThat(begin.headers().firstValue("Location").orElseThrow())
        .startsWith(sl.emulator.boldSignAccountBase().toString())
        .contains("code_challenge_method=S256")
        .contains(
            "redirect_uri="
                + java.net.URLEncoder.encode(
                    sl.server.baseUri() + "/callback/boldsign",
                    java.nio.charset.StandardCharsets.UTF_8));
    // SECURITY.md §state, §binding-cookie: HttpOnly and SameSite=Lax
    String cookie =
        begin.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("signlink_binding="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

    HttpResponse<String> callback = sl.finish(browser, begin);

    // SECURITY.md §callback-page: 303 to a clean URL, no-store, no referrer
    assertThat(callback.statusCode()).isEqualTo(303);
    String location = callback.headers().firstValue("Location").orElseThrow();
    assertThat(location)
        .startsWith(TestSignLink.RETURN_PREFIX + "done?step=2&connection_id=")
        .doesNotContain("code=")
        .doesNotContain("state");
    assertThat(callback.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(callback.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    String id = TestSignLink.connectionId(callback);
    assertThat(sl.api("GET", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null).body())
        .contains("\"owner\":\"alice\"");
  }

  @Test
  void withoutReturnUrlEndsOnSignLinksOwnPageNotTheConsole() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> callback =
        sl.finish(browser, sl.begin(browser, "docusign", "no-return", ""));
    assertThat(callback.headers().firstValue("Location")).hasValue("/connect/done");
    HttpResponse<String> done = sl.get(browser, "/connect/done");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body())
        .contains("Connected")
        .doesNotContain("href=\"/console\"")
        .doesNotContain("/console/login");
  }

  @Test
  void rejectsReusedState() { // SECURITY.md §pending-authorizations
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin = sl.begin(browser, "docusign", "bob", "");
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(browser, HttpRequest.newBuilder(authorize).build());
    URI callbackUri = URI.create(approved.headers().firstValue("Location").orElseThrow());
    assertThat(TestSignLink.send(browser, HttpRequest.newBuilder(callbackUri).build()).statusCode())
        .isEqualTo(303);

    HttpResponse<String> again =
        TestSignLink.send(browser, HttpRequest.newBuilder(callbackUri).build());
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(again.body())
        .contains("no longer valid")
        .contains("start connecting again")
        .doesNotContain("href=\"/console\"")
        .doesNotContain("/console/login")
        .doesNotContain("Exception");
  }

  @Test
  void rejectsStateFromAnotherBrowser() { // SECURITY.md §state
    HttpClient alice = TestSignLink.browser();
    HttpResponse<String> begin = sl.begin(alice, "boldsign", "carol", "");
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(alice, HttpRequest.newBuilder(authorize).build());
    URI callbackUri = URI.create(approved.headers().firstValue("Location").orElseThrow());

    HttpResponse<String> noCookie =
        TestSignLink.send(TestSignLink.browser(), HttpRequest.newBuilder(callbackUri).build());
    assertThat(noCookie.statusCode()).isEqualTo(400);
    assertThat(noCookie.body()).contains("another browser");
  }

  @Test
  void rejectsOtherBrowsersCookie() { // SECURITY.md §state
    HttpClient alice = TestSignLink.browser();
    HttpClient mallory = TestSignLink.browser();
    sl.begin(mallory, "boldsign", "mallory", ""); // mallory gets her own binding cookie
    HttpResponse<String> begin = sl.begin(alice, "boldsign", "alice2", "");
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(alice, HttpRequest.newBuilder(authorize).build());
    URI callbackUri = URI.create(approved.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> stolen =
        TestSignLink.send(mallory, HttpRequest.newBuilder(callbackUri).build());
    assertThat(stolen.statusCode()).isEqualTo(400);
    assertThat(stolen.body()).contains("another browser");
  }

  @Test
  void rejectsMissingAndForgedState() { // SECURITY.md §pending-authorizations
    HttpClient browser = TestSignLink.browser();
    sl.begin(browser, "boldsign", "dave", "");
    HttpResponse<String> missing = sl.get(browser, "/callback/boldsign?code=abc");
    assertThat(missing.statusCode()).isEqualTo(400);
    HttpResponse<String> forged =
        sl.get(browser, "/callback/boldsign?code=abc&state=forged-state-value");
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body())
        .contains("start connecting again")
        .doesNotContain("forged-state-value");
  }

  @Test
  void showsAFriendlyEscapedPageWhenTheUserDenies() { // SECURITY.md §authorization-errors
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin = sl.begin(browser, "boldsign", "erin", "");
    String state = query(URI.create(begin.headers().firstValue("Location").orElseThrow()), "state");
    HttpResponse<String> denied =
        sl.get(
            browser,
            "/callback/boldsign?error=access_denied&error_description="
                + "%3Cscript%3Ealert(1)%3C%2Fscript%3E&state="
                + state);
    assertThat(denied.statusCode()).isEqualTo(400);
    assertThat(denied.body())
        .contains("Access was not granted")
        .contains("access_denied") // the provider's code, and its description escaped
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert");
    assertThat(denied.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'");
  }

  // SECURITY.md §callback-page: a refusal at the token endpoint names the provider's reason,
  // escaped and capped, e.g. Keycloak's answer to offline_access for a user without the role
  @Test
  void aTokenEndpointRefusalShowsTheProvidersCodeAndEscapedReason() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin = sl.begin(browser, "boldsign", "frank", "");
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved =
        TestSignLink.send(browser, HttpRequest.newBuilder(authorize).build());
    URI callbackUri = URI.create(approved.headers().firstValue("Location").orElseThrow());
    sl.emulator
        .faults()
        .refuseNextTokenRequests(
            1,
            400,
            "not_allowed",
            "Offline tokens not allowed for the user or client <img src=x onerror=alert(1)>"
                + "x".repeat(500));

    HttpResponse<String> page =
        TestSignLink.send(browser, HttpRequest.newBuilder(callbackUri).build());

    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.body())
        .contains("not_allowed")
        .contains("Offline tokens not allowed for the user or client")
        // the page's template engine escapes '=' too
        .contains("&lt;img src&#61;x onerror&#61;alert(1)&gt;")
        .doesNotContain("<img src=x")
        .doesNotContain("x".repeat(300)); // capped
  }

  @Test
  void unknownProviderIs404Page() {
    HttpResponse<String> r = sl.get(TestSignLink.browser(), "/connect/nosuch");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("Unknown provider");
    assertThat(sl.get(TestSignLink.browser(), "/callback/nosuch?code=a&state=b").statusCode())
        .isEqualTo(404);
  }

  @Test
  void refusesOpenRedirectReturnPaths() { // SECURITY.md §open-redirect
    for (String evil :
        new String[] {
          "https://evil.example/signlink/",
          "https://app.example.test.evil.example/signlink/",
          "https://app.example.test/other",
          "https://app.example.test/signlink/../admin",
          "https://app.example.test/signlink/%2e%2e/admin",
          "https://user@app.example.test/signlink/x",
          "http://app.example.test/signlink/x",
          "//app.example.test/signlink/x",
          "/console",
          "javascript:alert(1)",
          "https://app.example.test/signlink/x#frag"
        }) {
      HttpResponse<String> r =
          sl.api(
              "POST",
              "/api/connect-sessions",
              TestSignLink.ADMIN_KEY,
              "{\"owner\": \"x\", \"return_url\": " + TestSignLink.quote(evil) + "}");
      assertThat(r.statusCode()).as(evil).isEqualTo(400);
      assertThat(r.body()).as(evil).contains("allow-list");
    }
  }

  static String query(URI uri, String name) {
    for (String part : uri.getRawQuery().split("&")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + uri);
  }
}
