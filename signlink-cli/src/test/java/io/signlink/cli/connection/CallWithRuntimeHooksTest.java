package io.signlink.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.CliRuntime;
import io.signlink.cli.support.CliRun;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderClientSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signlink call} over a runtime whose builder was given a provider definition and an {@code
 * api_errors} hook that exist nowhere else ("Ink Sign", test resources only): the call resolves
 * under the definition's API root, in its {@code Authorization} scheme, and a refusal is read by
 * the registered hook. A CLI that fell back to the built-in definitions or hooks would fail both.
 */
class CallWithRuntimeHooksTest {
  private static final String CALLBACK = "http://127.0.0.1:8080/callback/ink";

  @TempDir Path dataDir;
  private Emulator emu;
  private SignLinkRuntime runtime;

  @BeforeEach
  void start() throws IOException {
    emu =
        Emulator.start(
            EmulatorConfig.builder()
                .autoApprove(true)
                .builtInProfiles(false)
                .profileResource("/emulator-profiles/ink.json")
                .redirectUri(CALLBACK)
                .build());
    Provider ink = emu.provider("ink");
    ProviderDefinition definition;
    try (InputStream in = getClass().getResourceAsStream("/runtime-definitions/ink.json")) {
      definition = ProviderDefinitions.read("ink.json", in);
    }
    runtime =
        SignLinkRuntime.builder()
            .dataDir(dataDir)
            .definitions(ProviderDefinitions.builtIn().with(definition))
            .hooks(
                DefinitionHooks.builtIn()
                    .withApiErrors(
                        "ink-faults",
                        body ->
                            body.hasNonNull("error")
                                ? Optional.of(
                                    new ApiError(
                                        "ink_refused", "Ink says: " + body.get("error").asText()))
                                : Optional.empty()))
            .provider(
                new ProviderSettings.Defined(
                    ProviderClientSettings.of(
                            "ink", "ink-demo-client", Secret.of("ink-demo-secret"))
                        .withOverride("account", emu.accountBase(ink))
                        .withOverride("api", emu.apiBase(ink))))
            .build();
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (emu != null) {
      emu.close();
    }
  }

  @Test
  void callUsesTheRuntimesDefinitionAndItsApiErrorsHook() throws Exception {
    String id = connect();
    CliRun cli =
        new CliRun()
            .env("SIGNLINK_DATA_DIR", dataDir.toString()) // where the CLI looks for a store
            .runtime(ctx -> CliRuntime.over(runtime));

    CliRun.Result listed = cli.run("call", id, "GET", "/documents");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("ink-doc-1").contains("ada@ink.example");

    emu.faults().failNextApiRequests(1, 403);
    CliRun.Result refused = cli.run("call", id, "GET", "/documents");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).as("the code only the runtime's hook reads").contains("ink_refused");
  }

  /** Consent at the emulator (auto-approved), then the code exchange: the new connection's id. */
  private String connect() throws Exception {
    AuthorizationStart start = runtime.connectFlow().begin("ink", "ada", null, null);
    HttpResponse<Void> consent =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(start.authorizationUrl()).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    URI redirect = URI.create(consent.headers().firstValue("Location").orElseThrow());
    assertThat(redirect.toString()).startsWith(CALLBACK);
    return runtime.connectFlow().complete("ink", query(redirect), null).connection().id();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
