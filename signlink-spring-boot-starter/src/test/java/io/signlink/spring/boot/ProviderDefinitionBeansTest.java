package io.signlink.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.error.ConfigurationException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.api.ApiError;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.SignLinkRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * A provider definition and a hook the application declares as beans — not on the class path, not
 * in {@link DefinitionHooks#builtIn()} — reach the starter's runtime, opened in the background or
 * in the start, and the definition's provider is configured and checked from {@code
 * signlink.providers.ink.*} like a built-in one. "Ink Sign" names an {@code api_errors} strategy
 * only these tests register, and the emulator plays it over a real socket.
 */
class ProviderDefinitionBeansTest {
  static final String REDIRECT_URI = "http://127.0.0.1:8080/signlink/callback/ink";

  /** Ink's error shape, read only by the hook these tests declare. */
  static final String HOOK = "ink-faults";

  static Emulator emu;
  static Provider ink;

  @TempDir Path dir;

  @BeforeAll
  static void startTheEmulator() {
    emu =
        Emulator.start(
            EmulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .autoApprove(true)
                .profileResource("/emulator-profiles/ink.json")
                .redirectUri(REDIRECT_URI)
                .build());
    ink = emu.provider("ink");
  }

  @AfterAll
  static void stopTheEmulator() {
    if (emu != null) {
      emu.close();
    }
  }

  /** The application's properties, Ink's client among them; no beans of Ink's yet. */
  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignLinkAutoConfiguration.class))
        .withPropertyValues(
            "signlink.data-dir=" + dir,
            "signlink.public-url=http://127.0.0.1:8080",
            "signlink.providers.ink.client-id=ink-demo-client",
            "signlink.providers.ink.client-secret=ink-demo-secret",
            "signlink.providers.ink.account-url=" + emu.accountBase(ink),
            "signlink.providers.ink.api-url=" + emu.apiBase(ink));
  }

  /** The application declares Ink's definition and hook as beans. */
  ApplicationContextRunner withInkBeans() {
    return runner()
        .withBean(
            ProviderDefinitions.class, () -> ProviderDefinitions.builtIn().with(inkDefinition()))
        .withBean(DefinitionHooks.class, ProviderDefinitionBeansTest::inkHooks);
  }

  /** The test-only definition, read as an application would read its own file. */
  static ProviderDefinition inkDefinition() {
    String path = "/runtime-definitions/ink.json";
    try (InputStream in = ProviderDefinitionBeansTest.class.getResourceAsStream(path)) {
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

  @Test
  void theDefinitionIsNotOnTheClassPathAndItsHookIsNotBuiltIn() {
    assertThat(ProviderDefinitions.builtIn().find("ink")).isEmpty();
    assertThat(catchThrowable(() -> DefinitionHooks.builtIn().apiErrors(inkDefinition())))
        .hasMessageContaining(HOOK);
  }

  @Test
  void withoutTheBeansTheSettingsOfAnUnknownProviderConfigureNothing() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ProviderRegistry.class).find("ink")).isEmpty();
            });
  }

  @Test
  void aDeclaredDefinitionIsAProviderConfiguredByItsProperties() {
    withInkBeans()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignLinkRuntime runtime = context.getBean(SignLinkRuntime.class);
              assertThat(runtime.providers().find("ink")).isPresent();
              assertThat(context.getBean(ProviderRegistry.class).find("ink")).isPresent();
              assertThat(runtime.definedProviders().definitions())
                  .isSameAs(context.getBean(ProviderDefinitions.class));
              assertThat(runtime.definedProviders().hooks())
                  .isSameAs(context.getBean(DefinitionHooks.class));

              AuthorizationStart start =
                  context.getBean(ConnectFlow.class).begin("ink", "ada", null, null);
              assertThat(start.authorizationUrl().toString())
                  .as("the definition's authorization endpoint at the configured account URL")
                  .startsWith(emu.accountBase(ink) + "/oauth/authorize?")
                  .contains("client_id=ink-demo-client")
                  .contains("code_challenge=");

              Connection connection = connect(context, start);
              assertThat(connection.providerId()).isEqualTo("ink");
              assertThat(runtime.definedApi(connection).get("documents").toString())
                  .as("the definition's API root and Authorization scheme")
                  .contains("ink-doc-1");
            });
  }

  @Test
  void theDeclaredHooksReadTheProvidersErrorsWhenSignLinkOpensInTheStart() {
    withInkBeans()
        .withPropertyValues("signlink.eager-init=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignLinkRuntime runtime = context.getBean(SignLinkRuntime.class);
              assertThat(runtime.definedProviders().definitions())
                  .isSameAs(context.getBean(ProviderDefinitions.class));
              assertThat(runtime.definedProviders().hooks())
                  .isSameAs(context.getBean(DefinitionHooks.class));
              Connection connection =
                  connect(
                      context, context.getBean(ConnectFlow.class).begin("ink", "ada", null, null));

              emu.faults().failNextApiRequests(1, 403);
              Throwable refused =
                  catchThrowable(() -> runtime.definedApi(connection).get("documents"));
              assertThat(refused)
                  .as("the provider's error code, as only the declared api_errors hook reads it")
                  .isInstanceOf(ProviderRejectedException.class)
                  .hasMessageContaining("ink_refused");
            });
  }

  @Test
  void aWrongSettingOfTheDeclaredProviderFailsTheStartNamingTheProperty() {
    withInkBeans()
        .withPropertyValues("signlink.providers.ink.account-url=ftp://auth.ink.example")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith(
                        "signlink.providers.ink.account-url: must be an absolute http(s) URL")
                    .hasMessageNotContaining("SIGNLINK_"));
    withInkBeans()
        .withPropertyValues("signlink.providers.ink.client-id=")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("signlink.providers.ink.client-id: is required")
                    .hasMessageContaining("signlink.providers.ink.")
                    .hasMessageNotContaining("SIGNLINK_"));
  }

  /**
   * The browser's part against the emulator (which signs in and approves by itself): follow the
   * authorization URL to the redirect back, then complete the flow with its parameters.
   */
  static Connection connect(ApplicationContext context, AuthorizationStart start)
      throws IOException, InterruptedException {
    HttpClient browser =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> approved =
        browser.send(
            HttpRequest.newBuilder(start.authorizationUrl())
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    URI callback =
        URI.create(
            approved
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError(approved.statusCode() + approved.body())));
    assertThat(callback.toString()).startsWith(REDIRECT_URI + "?");
    Map<String, String> params = new HashMap<>();
    for (String pair : callback.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return context.getBean(ConnectFlow.class).complete("ink", params, null).connection();
  }
}
