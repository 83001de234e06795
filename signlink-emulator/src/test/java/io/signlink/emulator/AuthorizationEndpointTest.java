package io.signlink.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization endpoint and the consent page, without auto-approve (RFC 6749 §4.1, RFC 8252
 * §7.3).
 */
class AuthorizationEndpointTest {

  private static final String SCOPE = "openid email offline_access BoldSign.Documents.All";

  private Emulator emu;
  private TestClient client;

  @BeforeEach
  void start() {
    emu =
        Emulator.start(
            TestClient.config()
                .boldSignIssParameter(true)
                .redirectUri("http://localhost:3000/redirect")
                .build());
    client = new TestClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private HttpResponse<String> consentPage(String state, String... extra) {
    return client.get(
        client.boldSignAuthorizeUrl(
            DemoClients.BOLDSIGN_CLIENT_ID,
            TestClient.REDIRECT,
            SCOPE,
            state,
            TestClient.Pkce2.fresh(),
            extra));
  }

  private HttpResponse<String> answer(HttpResponse<String> page, String decision, String user) {
    return client.postForm(
        emu.boldSignAccountBase() + "/consent",
        TestClient.form(
            "request_id",
            TestClient.hidden(page.body(), "request_id"),
            "csrf_token",
            TestClient.hidden(page.body(), "csrf_token"),
            "user",
            user,
            "decision",
            decision));
  }

  @Test
  void consentPageNamesClientAndScopesAndCannotBeFramedOrCached() { // SECURITY.md §web-headers
    HttpResponse<String> page = consentPage("s1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'");
    assertThat(page.body())
        .contains(
            "SignLink Demo (BoldSign)",
            "BoldSign.Documents.All",
            "offline_access",
            "alex.morgan@example.com",
            "value=\"allow\"",
            "value=\"deny\"");
    assertThat(page.body())
        .as("no scripts, no external resources")
        .doesNotContain("<script", "src=", "href=");
  }

  @Test
  void allowRedirectsWith303CodeStateAndIss() {
    HttpResponse<String> page = consentPage("s-allow");
    HttpResponse<String> allowed = answer(page, "allow", SeedUsers.BOLDSIGN.get(1).sub());
    assertThat(allowed.statusCode()).isEqualTo(303);
    Map<String, String> params = TestClient.locationParams(allowed);
    assertThat(params)
        .containsKey("code")
        .containsEntry("state", "s-allow")
        .containsEntry("iss", emu.boldSignAccountBase().toString()); // RFC 9207 when enabled
    assertThat(emu.stats().count("boldsign.consent.allow")).isEqualTo(1);
    assertThat(
            TestClient.json(
                    client.get(emu.boldSignAccountBase() + "/.well-known/openid-configuration"))
                .get("authorization_response_iss_parameter_supported")
                .asBoolean())
        .isTrue();
    assertThat(answer(page, "allow", SeedUsers.BOLDSIGN.get(1).sub()).statusCode())
        .as("a consent page is answered once")
        .isEqualTo(400);
  }

  @Test
  void denyRedirectsWithAccessDenied() {
    HttpResponse<String> denied = answer(consentPage("s-deny"), "deny", null);
    assertThat(denied.statusCode()).isEqualTo(303);
    assertThat(TestClient.locationParams(denied))
        .containsEntry("error", "access_denied")
        .containsEntry("state", "s-deny")
        .containsKey("error_description")
        .doesNotContainKey("code");
  }

  @Test
  void consentFormWithoutTheCsrfTokenOrFromAnotherBrowserIsRefused() {
    HttpResponse<String> page = consentPage("s-csrf");
    HttpResponse<String> forged =
        client.postForm(
            emu.boldSignAccountBase() + "/consent",
            TestClient.form(
                "request_id",
                TestClient.hidden(page.body(), "request_id"),
                "csrf_token",
                "guess",
                "user",
                SeedUsers.BOLDSIGN.get(0).sub(),
                "decision",
                "allow"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Location")).isEmpty();
    TestClient otherBrowser =
        new TestClient(emu); // its own cookie jar, without the page's binding cookie
    HttpResponse<String> crossBrowser =
        otherBrowser.postForm(
            emu.boldSignAccountBase() + "/consent",
            TestClient.form(
                "request_id",
                TestClient.hidden(page.body(), "request_id"),
                "csrf_token",
                TestClient.hidden(page.body(), "csrf_token"),
                "user",
                SeedUsers.BOLDSIGN.get(0).sub(),
                "decision",
                "allow"));
    assertThat(crossBrowser.statusCode()).isEqualTo(403);
    assertThat(answer(page, "allow", SeedUsers.BOLDSIGN.get(0).sub()).statusCode())
        .as("the real browser can still answer")
        .isEqualTo(303);
  }

  @Test
  void unknownClientOrUnregisteredRedirectUriGetsAnErrorPageNeverARedirect() { // RFC 6749 §4.1.2.1
    HttpResponse<String> unknownClient =
        client.get(
            client.boldSignAuthorizeUrl(
                "no-such-client", TestClient.REDIRECT, SCOPE, "s", TestClient.Pkce2.fresh()));
    assertThat(unknownClient.statusCode()).isEqualTo(400);
    assertThat(unknownClient.headers().firstValue("Location")).isEmpty();
    HttpResponse<String> evil =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID,
                "https://evil.example/cb",
                SCOPE,
                "s",
                TestClient.Pkce2.fresh()));
    assertThat(evil.statusCode()).isEqualTo(400);
    assertThat(evil.headers().firstValue("Location")).isEmpty();
    assertThat(evil.body()).contains("not registered").doesNotContain("<script");
  }

  @Test
  void loopbackRedirectUriAcceptsAnyPortButLocalhostMustMatchExactly() { // SECURITY.md
    // §cli-loopback, RFC 8252
    // §7.3
    for (String uri :
        new String[] {"http://127.0.0.1:51234/callback", "http://127.0.0.1/callback/boldsign"}) {
      assertThat(
              client
                  .get(
                      client.boldSignAuthorizeUrl(
                          DemoClients.BOLDSIGN_CLIENT_ID,
                          uri,
                          SCOPE,
                          "s",
                          TestClient.Pkce2.fresh()))
                  .statusCode())
          .as(uri)
          .isEqualTo(200);
    }
    assertThat(
            client
                .get(
                    client.boldSignAuthorizeUrl(
                        DemoClients.BOLDSIGN_CLIENT_ID,
                        "http://127.0.0.1:51234/other",
                        SCOPE,
                        "s",
                        TestClient.Pkce2.fresh()))
                .statusCode())
        .as("same host, other path")
        .isEqualTo(400);
    assertThat(
            client
                .get(
                    client.boldSignAuthorizeUrl(
                        DemoClients.BOLDSIGN_CLIENT_ID,
                        "http://localhost:3000/redirect",
                        SCOPE,
                        "s",
                        TestClient.Pkce2.fresh()))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            client
                .get(
                    client.boldSignAuthorizeUrl(
                        DemoClients.BOLDSIGN_CLIENT_ID,
                        "http://localhost:3001/redirect",
                        SCOPE,
                        "s",
                        TestClient.Pkce2.fresh()))
                .statusCode())
        .as("localhost gets no any-port leniency")
        .isEqualTo(400);
  }

  @Test
  void missingOrPlainPkceIsRedirectedAsInvalidRequest() { // SECURITY.md §pkce
    HttpResponse<String> missing =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID, TestClient.REDIRECT, SCOPE, "s-nopkce", null));
    assertThat(missing.statusCode()).isEqualTo(302);
    assertThat(TestClient.locationParams(missing))
        .containsEntry("error", "invalid_request")
        .containsEntry("state", "s-nopkce");
    HttpResponse<String> plain =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID,
                TestClient.REDIRECT,
                SCOPE,
                "s-plain",
                null,
                "code_challenge",
                TestClient.Pkce2.fresh().verifier(),
                "code_challenge_method",
                "plain"));
    assertThat(TestClient.locationParams(plain)).containsEntry("error", "invalid_request");
  }

  @Test
  void unsupportedResponseTypeAndUnknownScopeAreRedirectedErrors() {
    HttpResponse<String> token =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID,
                TestClient.REDIRECT,
                SCOPE,
                "s",
                TestClient.Pkce2.fresh(),
                "response_type",
                "token"));
    assertThat(TestClient.locationParams(token))
        .containsEntry("error", "unsupported_response_type");
    HttpResponse<String> scope =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID,
                TestClient.REDIRECT,
                "openid BoldSign.Everything",
                "s",
                TestClient.Pkce2.fresh()));
    assertThat(TestClient.locationParams(scope)).containsEntry("error", "invalid_scope");
  }

  @Test
  void promptNoneWithoutConsentIsLoginRequiredAndAfterConsentIssuesACode() {
    HttpResponse<String> none = consentPage("s-none", "prompt", "none");
    assertThat(TestClient.locationParams(none)).containsEntry("error", "login_required");
    answer(consentPage("s-first"), "allow", SeedUsers.BOLDSIGN.get(0).sub());
    HttpResponse<String> again = consentPage("s-again", "prompt", "none");
    assertThat(TestClient.locationParams(again)).containsKey("code");
  }

  @Test
  void autoApproveHonoursLoginHintAndPromptLogin() {
    try (Emulator auto = Emulator.start(TestClient.config().autoApprove(true).build())) {
      TestClient c = new TestClient(auto);
      TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
      HttpResponse<String> r =
          c.get(
              c.boldSignAuthorizeUrl(
                  DemoClients.BOLDSIGN_CLIENT_ID,
                  TestClient.REDIRECT,
                  SCOPE,
                  "s",
                  pkce,
                  "login_hint",
                  "jonas.becker@example.org"));
      assertThat(r.statusCode()).isEqualTo(302);
      var tokens =
          TestClient.json(c.boldSignExchange(TestClient.locationParams(r).get("code"), pkce));
      var userinfo =
          TestClient.json(
              c.get(
                  auto.boldSignAccountBase() + "/connect/userinfo",
                  "Authorization",
                  "Bearer " + tokens.get("access_token").asText()));
      assertThat(userinfo.get("email").asText()).isEqualTo("jonas.becker@example.org");
      HttpResponse<String> login =
          c.get(
              c.boldSignAuthorizeUrl(
                  DemoClients.BOLDSIGN_CLIENT_ID,
                  TestClient.REDIRECT,
                  SCOPE,
                  "s",
                  TestClient.Pkce2.fresh(),
                  "prompt",
                  "login"));
      assertThat(login.statusCode()).as("prompt=login shows the page").isEqualTo(200);
    }
  }
}
