package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A provider SignLink's code has never heard of — "Quill Sign", known only from this module's test
 * resources: its definition ({@code io/signlink/providers/quill.json}, listed in the test's own
 * {@code providers.list}) and its emulator profile ({@code emulator-profiles/quill.json}) — is
 * configured with nothing but {@code SIGNLINK_QUILL_*} settings and connected end to end through
 * the service: connect session, consent with PKCE, code exchange, the identity call, a token, a
 * refresh, the console's test call and the proxy. No Java outside this test names it.
 */
class ProviderFromDefinitionAloneTest {
  static TestSignLink sl;
  static Emulator emu;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("signlink-quill-test");
    int port =
        SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build())
            .port();
    emu =
        Emulator.start(
            EmulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .autoApprove(true)
                .profileResource("/emulator-profiles/quill.json")
                .redirectUri("http://127.0.0.1:" + port + "/callback/quill")
                .build());
    Map<String, String> env = TestSignLink.emulatedProviderEnvironment(dir, port, emu, "quill");
    SignLinkServer server =
        SignLinkServer.start(SignLinkConfig.fromEnvironment(env), TestSignLink.GENEROUS_LIMITS);
    sl = TestSignLink.of(emu, server, dir);
  }

  @AfterAll
  static void stop() {
    if (sl != null) {
      sl.close();
    }
  }

  @Test
  void connectsAProviderKnownOnlyFromItsDefinition() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin =
        sl.begin(
            browser,
            "quill",
            "alice",
            "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done\"");
    String authorize = begin.headers().firstValue("Location").orElseThrow();
    assertThat(authorize)
        .startsWith(emu.accountBase(emu.provider("quill")) + "/oauth/authorize?")
        .contains("code_challenge_method=S256")
        .contains("scope=documents%3Aread");

    HttpResponse<String> callback = sl.finish(browser, begin);
    assertThat(callback.statusCode()).isEqualTo(303);
    String id = TestSignLink.connectionId(callback);

    JsonNode connection =
        TestSignLink.readJson(
            sl.api("GET", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null).body());
    assertThat(connection.toString())
        .contains("\"quill\"")
        .contains("quill-user-1")
        .contains("grace@quill.example");

    HttpResponse<String> token =
        sl.api("POST", "/api/connections/" + id + "/token", TestSignLink.ADMIN_KEY, null);
    assertThat(token.statusCode()).isEqualTo(200);
    String first = TestSignLink.readJson(token.body()).get("access_token").asText();

    HttpResponse<String> refreshed =
        sl.api("POST", "/api/connections/" + id + "/refresh", TestSignLink.ADMIN_KEY, null);
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(emu.stats().count("quill.token.refresh_token")).isEqualTo(1);
    String second =
        TestSignLink.readJson(
                sl.api("POST", "/api/connections/" + id + "/token", TestSignLink.ADMIN_KEY, null)
                    .body())
            .get("access_token")
            .asText();
    assertThat(second).isNotEqualTo(first);

    HttpResponse<String> proxied =
        sl.api(
            "GET", "/api/connections/" + id + "/proxy/v2/documents", TestSignLink.ADMIN_KEY, null);
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.body()).contains("doc-1");

    HttpClient console = TestSignLink.browser();
    sl.postForm(console, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String csrf = csrf(sl.get(console, "/console").body());
    HttpResponse<String> tested =
        sl.postForm(console, "/console/connections/" + id + "/test", "csrf=" + csrf);
    assertThat(tested.statusCode()).isEqualTo(303);
    assertThat(sl.get(console, "/console/connections/" + id).body())
        .contains("Test call OK")
        .contains("Quill Sign: 1 document(s); doc-1 for grace@quill.example");
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }
}
