package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With no provider configured, the console says how to configure each one SignLink has a definition
 * for — its settings prefix and the settings that turn it on — not only BoldSign and DocuSign.
 */
class ConsoleEmptyStateTest {
  static TestSignLink sl;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("signlink-empty-console-test");
    SignLinkServer server =
        SignLinkServer.start(
            SignLinkConfig.fromEnvironment(
                Map.of(
                    "SIGNLINK_DATA_DIR",
                    dir.toString(),
                    "SIGNLINK_PORT",
                    "0",
                    "SIGNLINK_ADMIN_KEY",
                    TestSignLink.ADMIN_KEY)),
            TestSignLink.GENEROUS_LIMITS);
    sl = TestSignLink.of(Emulator.start(EmulatorConfig.builder().build()), server, dir);
  }

  @AfterAll
  static void stop() {
    if (sl != null) {
      sl.close();
    }
  }

  @Test
  void namesEveryDefinedProvidersSettings() {
    HttpClient console = TestSignLink.browser();
    sl.postForm(console, "/console/login", "api_key=" + TestSignLink.ADMIN_KEY);
    String page = sl.get(console, "/console").body();

    assertThat(page).contains("No provider is configured");
    for (ProviderDefinition d : ProviderDefinitions.builtIn().all()) {
      assertThat(row(page, d.id()))
          .as(d.id())
          .startsWith(d.displayName() + ": ")
          .contains(d.settingsPrefix() + (d.discovery() ? "ISSUER" : "CLIENT_ID"))
          .contains("_CLIENT_SECRET")
          .as("the emulator overrides are for tests, not for the empty state")
          .doesNotContain("_API_URL")
          .doesNotContain("_ACCOUNT_URL");
    }
    assertThat(row(page, "boldsign"))
        .isEqualTo(
            "BoldSign: SIGNLINK_BOLDSIGN_CLIENT_ID, _CLIENT_SECRET (optional: _SCOPES, _REGION)");
    assertThat(row(page, "docusign")).contains("_ENVIRONMENT");
    assertThat(row(page, "oidc"))
        .contains("SIGNLINK_OIDC_{NAME}_ISSUER, _CLIENT_ID, _CLIENT_SECRET");
  }

  /** The text of the provider's line in the empty state, tags removed. */
  private static String row(String page, String provider) {
    Matcher m =
        Pattern.compile(
                "<li data-provider=\"" + Pattern.quote(provider) + "\">(.*?)</li>", Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("a line for " + provider).isTrue();
    return m.group(1).replaceAll("<[^>]+>", "");
  }
}
