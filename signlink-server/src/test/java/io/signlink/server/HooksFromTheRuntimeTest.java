package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderClientSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.ProviderSettings;
import io.signlink.runtime.config.SignLinkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A provider definition and a hook given to the runtime's builder — not on the class path, not in
 * {@link DefinitionHooks#builtIn()} — reach every part of the service that reads a definition: the
 * consent flow, the console's test call (its {@code api_errors} hook reads the provider's errors)
 * and the proxy (the definition's API path and {@code Authorization} scheme). "Ink Sign" names an
 * {@code api_errors} strategy only this test registers, so any part that fell back to the built-in
 * hooks or definitions would fail.
 */
class HooksFromTheRuntimeTest {
  static TestSignLink sl;
  static Emulator emu;

  /** Ink's error shape, read only by the hook this test registers. */
  static final String HOOK = "ink-faults";

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("signlink-ink-test");
    Map<String, String> env = new HashMap<>();
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    env.put("SIGNLINK_PORT", "0");
    env.put("SIGNLINK_ADMIN_KEY", TestSignLink.ADMIN_KEY);
    env.put("SIGNLINK_CONNECT_RETURN_URLS", TestSignLink.RETURN_PREFIX);
    SignLinkConfig config = SignLinkServer.withConcretePort(SignLinkConfig.fromEnvironment(env));
    emu =
        Emulator.start(
            EmulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .autoApprove(true)
                .profileResource("/emulator-profiles/ink.json")
                .redirectUri("http://127.0.0.1:" + config.port() + "/callback/ink")
                .build());
    Provider ink = emu.provider("ink");
    SignLinkRuntime runtime =
        SignLinkRuntime.builder(config)
            .definitions(ProviderDefinitions.builtIn().with(inkDefinition()))
            .hooks(inkHooks())
            .provider(
                new ProviderSettings.Defined(
                    ProviderClientSettings.of(
                            "ink", "ink-demo-client", Secret.of("ink-demo-secret"))
                        .withOverride("account", emu.accountBase(ink))
                        .withOverride("api", emu.apiBase(ink))))
            .build();
    SignLinkServer server;
    try {
      server = SignLinkServer.start(runtime, true, TestSignLink.GENEROUS_LIMITS);
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
    sl = TestSignLink.of(emu, server, dir);
  }

  /** The test-only definition, read as a user's jar would hand it to the builder. */
  static ProviderDefinition inkDefinition() {
    String path = "/runtime-definitions/ink.json";
    try (InputStream in = HooksFromTheRuntimeTest.class.getResourceAsStream(path)) {
      return ProviderDefinitions.read(path, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DefinitionHooks inkHooks() {
    return DefinitionHooks.builtIn()
        .withApiErrors(
            HOOK,
            body ->
                body.hasNonNull("error")
                    ? Optional.of(
                        new ApiError("ink_refused", "Ink says: " + body.get("error").asText()))
                    : Optional.empty());
  }

  @AfterAll
  static void stop() {
    if (sl != null) {
      sl.close();
    }
  }

  @Test
  void theDefinitionIsNotOnTheClassPathAndItsHookIsNotBuiltIn() {
    assertThat(ProviderDefinitions.builtIn().find("ink")).isEmpty();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> DefinitionHooks.builtIn().apiErrors(inkDefinition())))
        .hasMessageContaining(HOOK);
  }

  @Test
  void theConsoleTestCallAndTheProxyUseTheRuntimesDefinitionAndHooks() {
    String id = connect();

    HttpResponse<String> proxied =
        sl.api(
            "GET", "/api/connections/" + id + "/proxy/v3/documents", TestSignLink.ADMIN_KEY, null);
    assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);
    assertThat(proxied.body()).contains("ink-doc-1");

    HttpClient console = TestSignLink.browser();
    sl.postForm(console, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    assertThat(testCall(console, id))
        .contains("Test call OK")
        .contains("Ink Sign: 1 document(s); ink-doc-1 for ada@ink.example");

    emu.faults().failNextApiRequests(1, 403);
    assertThat(testCall(console, id))
        .as("the provider's error code, as only the runtime's api_errors hook reads it")
        .contains("refused the request (ink_refused)");
  }

  private static String connect() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> begin =
        sl.begin(
            browser, "ink", "ada", "\"return_url\": \"" + TestSignLink.RETURN_PREFIX + "done\"");
    HttpResponse<String> callback = sl.finish(browser, begin);
    assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
    return TestSignLink.connectionId(callback);
  }

  private static String testCall(HttpClient console, String id) {
    String csrf = csrf(sl.get(console, "/console").body());
    HttpResponse<String> tested =
        sl.postForm(console, "/console/connections/" + id + "/test", "csrf=" + csrf);
    assertThat(tested.statusCode()).isEqualTo(303);
    return sl.get(console, "/console/connections/" + id).body();
  }

  private static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("page has a CSRF field").isTrue();
    return m.group(1);
  }
}
