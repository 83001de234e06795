package io.signlink.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGNLINK_PROVIDER_DEFINITIONS}: a directory of {@code <id>.json} files added to the
 * built-in definitions, read strictly, and refused — naming the setting, the file and the key —
 * whenever a file could not work or would replace a provider SignLink ships.
 */
class DefinitionFilesTest {
  @TempDir Path dir;

  /** The minimal definition of docs/PROVIDER-DEFINITIONS.md, with {@code id} and extra fields. */
  static String definition(String id, String extra) {
    return """
        {
          "schema": 1,
          "id": "%s",
          "display_name": "Acme Sign",
          "variables": {"account": "https://login.acme.example", "api": "https://api.acme.example"},
          "endpoints": {
            "authorization": "{account}/oauth/authorize",
            "token": "{account}/oauth/token",
            "revocation": "{account}/oauth/revoke"
          },
          "client_auth": "client_secret_post",
          "scopes": {"default": ["documents:read"]},
          "refresh": {"rotation": "rotating"},
          "identity": {"endpoint": "{base_uri}/me", "subject": "/id", "name": "/name", "email": "/email"},
          "api": {"base": "{api}", "path": "/v1"},
          "errors": {"code": "/code", "message": "/message"}%s
        }
        """
        .formatted(id, extra);
  }

  private Path definitions() throws Exception {
    return Files.createDirectories(dir.resolve("providers"));
  }

  private static void write(Path folder, String file, String json) throws Exception {
    Files.writeString(folder.resolve(file), json);
  }

  private Map<String, String> env(Path definitions, String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("SIGNLINK_DATA_DIR", dir.resolve("data").toString());
    if (definitions != null) {
      m.put("SIGNLINK_PROVIDER_DEFINITIONS", definitions.toString());
    }
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static ConfigurationException refused(Map<String, String> env) {
    ConfigurationException e =
        (ConfigurationException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> SignLinkConfig.fromEnvironment(env));
    assertThat(e).isNotNull();
    assertThat(e.setting()).isEqualTo("SIGNLINK_PROVIDER_DEFINITIONS");
    return e;
  }

  @Test
  void everyJsonFileOfTheDirectoryIsAddedInNameOrderAndItsClientIsConfiguredByItsId()
      throws Exception {
    Path folder = definitions();
    write(folder, "zeta.json", definition("zeta", ""));
    write(folder, "acme.json", definition("acme", ""));
    write(folder, "README.md", "not a definition");
    write(folder, ".draft.json", "{ not read");
    Files.createDirectories(folder.resolve("old"));
    write(folder.resolve("old"), "acme.json", "{ not read either");

    try (LogCapture log = LogCapture.start()) {
      SignLinkConfig config =
          SignLinkConfig.fromEnvironment(
              env(
                  folder,
                  "SIGNLINK_ACME_CLIENT_ID",
                  "acme-client",
                  "SIGNLINK_ACME_CLIENT_SECRET",
                  "acme-secret",
                  "SIGNLINK_ACME_API_URL",
                  "http://127.0.0.1:9999"));

      assertThat(config.definitionFiles().directory()).isEqualTo(folder);
      assertThat(config.definitionFiles().definitions())
          .extracting(ProviderDefinition::id)
          .containsExactly("acme", "zeta");
      assertThat(config.providers()).extracting(ProviderSettings::id).containsExactly("acme");
      assertThat(config.providers().get(0).clientId()).isEqualTo("acme-client");
      assertThat(log.text()).doesNotContain("Unknown setting");
    }
  }

  @Test
  void withoutTheDirectoryAnAddedProvidersSettingsAreUnknown() {
    try (LogCapture log = LogCapture.start()) {
      SignLinkConfig config =
          SignLinkConfig.fromEnvironment(env(null, "SIGNLINK_ACME_CLIENT_ID", "acme-client"));

      assertThat(config.providers()).isEmpty();
      assertThat(config.definitionFiles()).isEqualTo(DefinitionFiles.NONE);
      assertThat(log.text()).contains("Unknown setting SIGNLINK_ACME_CLIENT_ID");
    }
  }

  @Test
  void aMissingDirectoryFailsTheStartNamingTheSettingAndThePath() {
    Path missing = dir.resolve("nowhere");
    assertThat(refused(env(missing)).getMessage())
        .contains("SIGNLINK_PROVIDER_DEFINITIONS")
        .contains(missing.toString())
        .contains("does not exist");
  }

  @Test
  void aFileInsteadOfADirectoryFailsTheStart() throws Exception {
    Path file = Files.writeString(dir.resolve("acme.json"), definition("acme", ""));
    assertThat(refused(env(file)).getMessage()).contains("is not a directory");
  }

  @Test
  void aDirectoryWithoutDefinitionsFailsTheStart() throws Exception {
    Path folder = definitions();
    assertThat(refused(env(folder)).getMessage()).contains(folder + " holds no *.json file");
    write(folder, "acme.json.bak", definition("acme", ""));
    assertThat(refused(env(folder)).getMessage()).contains("holds no *.json file");
  }

  @Test
  void aFileNamedOtherThanItsIdIsRefused() throws Exception {
    Path folder = definitions();
    write(folder, "acme-sign.json", definition("acme", ""));
    assertThat(refused(env(folder)).getMessage())
        .contains(folder.resolve("acme-sign.json").toString())
        .contains("declares the id 'acme'")
        .contains("rename it to acme.json");
  }

  @Test
  void aFileCannotReplaceABuiltInProvider() throws Exception {
    Path folder = definitions();
    write(folder, "boldsign.json", definition("boldsign", ""));
    assertThat(refused(env(folder)).getMessage())
        .contains(folder.resolve("boldsign.json").toString())
        .contains("'boldsign'")
        .contains("BoldSign")
        .contains("never replaces");
  }

  @Test
  void aFileCannotReadTheSettingsOfABuiltInProvider() throws Exception {
    Path folder = definitions();
    write(
        folder, "acme.json", definition("acme", ",\n\"settings_prefix\": \"SIGNLINK_BOLDSIGN_\""));
    assertThat(refused(env(folder)).getMessage())
        .contains(folder.resolve("acme.json").toString())
        .contains("settings_prefix SIGNLINK_BOLDSIGN_ overlaps")
        .contains("'boldsign'");

    Files.delete(folder.resolve("acme.json"));
    write(folder, "oidc-acme.json", definition("oidc-acme", ""));
    assertThat(refused(env(folder)).getMessage())
        .contains("SIGNLINK_OIDC_ACME_ overlaps SIGNLINK_OIDC_{NAME}_")
        .contains("'oidc'");
  }

  @Test
  void aMalformedDefinitionFailsNamingTheSettingTheFileAndTheKeyPath() throws Exception {
    Path folder = definitions();
    write(folder, "acme.json", definition("acme", "").replace("\"token\":", "\"tokn\":"));
    assertThat(refused(env(folder)).getMessage())
        .startsWith(
            "SIGNLINK_PROVIDER_DEFINITIONS: provider definition " + folder.resolve("acme.json"))
        .contains("endpoints.tokn")
        .contains("is not a field of the schema");

    write(folder, "acme.json", "{\"schema\": 1, \"id\": \"acme\",");
    assertThat(refused(env(folder)).getMessage())
        .contains(folder.resolve("acme.json").toString())
        .contains("is not valid JSON");
  }

  @Test
  void filesAreAddedToDefinitionsHandedToTheConfigAndNeverReplaceOne() throws Exception {
    ProviderDefinitions handedIn =
        ProviderDefinitions.builtIn()
            .with(
                ProviderDefinitions.read(
                    "in-code.json",
                    new ByteArrayInputStream(
                        definition("beta", "").getBytes(StandardCharsets.UTF_8))));
    Path folder = definitions();
    write(folder, "acme.json", definition("acme", ""));
    SignLinkConfig config =
        SignLinkConfig.fromEnvironment(
            env(folder, "SIGNLINK_ACME_CLIENT_ID", "a", "SIGNLINK_BETA_CLIENT_ID", "b"), handedIn);
    assertThat(config.providers()).extracting(ProviderSettings::id).containsExactly("beta", "acme");

    write(folder, "beta.json", definition("beta", ""));
    assertThatThrownBy(() -> SignLinkConfig.fromEnvironment(env(folder), handedIn))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SIGNLINK_PROVIDER_DEFINITIONS: " + folder.resolve("beta.json"))
        .hasMessageContaining("never replaces");
  }

  @Test
  void theSecondOfTwoFilesWithClashingSettingsIsRefused() throws Exception {
    Path folder = definitions();
    write(folder, "acme.json", definition("acme", ""));
    write(folder, "beta.json", definition("beta", ",\n\"settings_prefix\": \"SIGNLINK_ACME_\""));
    assertThat(refused(env(folder)).getMessage())
        .contains(folder.resolve("beta.json").toString())
        .contains("'acme'");
  }
}
