package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.error.ConfigurationException;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.testing.LogCapture;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service started from settings alone serves a provider whose definition is a file in the
 * directory {@code SIGNLINK_PROVIDER_DEFINITIONS} names — "Ink Sign", on no class path list — as it
 * serves a built-in one: the console offers it, a connect session for it runs consent, code
 * exchange and the identity call at the emulator, and the proxy reaches its API.
 */
class ProviderFromDefinitionFileTest {
  static final String INK =
      """
      {
        "schema": 1,
        "id": "ink",
        "display_name": "Ink Sign",
        "variables": {"account": "https://auth.ink.example", "api": "https://api.ink.example"},
        "endpoints": {
          "authorization": "{account}/oauth/authorize",
          "token": "{account}/oauth/token"
        },
        "client_auth": "client_secret_basic",
        "scopes": {"default": ["documents:read"]},
        "refresh": {"rotation": "rotating"},
        "identity": {"endpoint": "{base_uri}/me", "subject": "/id", "name": "/name", "email": "/email"},
        "api": {"base": "{api}", "path": "/v3", "auth_scheme": "Ink-token"}
      }
      """;

  static TestSignLink sl;
  static Emulator emu;
  static Path definitions;
  static String startLog;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("signlink-definition-file-test");
    definitions = Files.createDirectories(dir.resolve("providers"));
    Files.writeString(definitions.resolve("ink.json"), INK);
    int port =
        SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build())
            .port();
    emu =
        Emulator.start(
            EmulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .autoApprove(true)
                .builtInProfiles(false)
                .profileResource("/emulator-profiles/ink.json")
                .redirectUri("http://127.0.0.1:" + port + "/callback/ink")
                .build());
    Map<String, String> env = TestSignLink.emulatedProviderEnvironment(dir, port, emu, "ink");
    env.put("SIGNLINK_PROVIDER_DEFINITIONS", definitions.toString());
    try (LogCapture log = LogCapture.start()) {
      SignLinkServer server =
          SignLinkServer.start(SignLinkConfig.fromEnvironment(env), TestSignLink.GENEROUS_LIMITS);
      sl = TestSignLink.of(emu, server, dir);
      startLog = log.text();
    }
  }

  @AfterAll
  static void stop() {
    if (sl != null) {
      sl.close();
    }
  }

  @Test
  void theProviderOfAFileIsConfiguredByItsIdLikeABuiltInOne() {
    assertThat(startLog).doesNotContain("Unknown setting");

    HttpClient console = TestSignLink.browser();
    sl.postForm(console, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    assertThat(sl.get(console, "/console").body())
        .contains("action=\"/console/connect/ink\"")
        .contains("Connect Ink Sign");
  }

  @Test
  void aConnectSessionForTheFilesProviderConnectsAndItsApiIsProxied() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin =
        sl.begin(
            browser, "ink", "ada", "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done\"");
    assertThat(begin.headers().firstValue("Location").orElseThrow())
        .startsWith(emu.accountBase(emu.provider("ink")) + "/oauth/authorize?")
        .contains("client_id=ink-demo-client")
        .contains("scope=documents%3Aread");

    HttpResponse<String> callback = sl.finish(browser, begin);
    assertThat(callback.statusCode()).isEqualTo(303);
    String id = TestSignLink.connectionId(callback);

    JsonNode connection =
        TestSignLink.readJson(
            sl.api("GET", "/api/connections/" + id, TestSignLink.ADMIN_KEY, null).body());
    assertThat(connection.toString())
        .contains("\"ink\"")
        .contains("ink-user-1")
        .contains("ada@ink.example");

    HttpResponse<String> proxied =
        sl.api(
            "GET", "/api/connections/" + id + "/proxy/v3/documents", TestSignLink.ADMIN_KEY, null);
    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
    assertThat(proxied.body()).contains("ink-doc-1");
  }

  @Test
  void aFileThatWouldReplaceAProviderOnTheClassPathStopsTheStart() throws Exception {
    // quill is on this module's test class path (its own providers.list), like a built-in
    Path clash = Files.createTempDirectory("signlink-definition-clash");
    Files.writeString(clash.resolve("quill.json"), INK.replace("\"ink\"", "\"quill\""));
    Map<String, String> env =
        Map.of(
            "SIGNLINK_DATA_DIR", clash.resolve("data").toString(),
            "SIGNLINK_PORT", "0",
            "SIGNLINK_PROVIDER_DEFINITIONS", clash.toString());
    assertThatThrownBy(() -> SignLinkServer.start(SignLinkConfig.fromEnvironment(env)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SIGNLINK_PROVIDER_DEFINITIONS: " + clash.resolve("quill.json"))
        .hasMessageContaining("Quill Sign ('quill')");
  }
}
