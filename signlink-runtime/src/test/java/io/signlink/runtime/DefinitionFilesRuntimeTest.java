package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.config.SignLinkConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime opened from a configuration with {@code SIGNLINK_PROVIDER_DEFINITIONS} knows the
 * directory's providers as it knows the built-in ones, and adds them to definitions handed to its
 * builder without ever replacing one.
 */
class DefinitionFilesRuntimeTest {
  @TempDir Path dir;

  private static String definition(String id, String account) {
    return """
        {
          "schema": 1,
          "id": "%s",
          "display_name": "Acme Sign",
          "variables": {"account": "%s", "api": "https://api.acme.example"},
          "endpoints": {
            "authorization": "{account}/oauth/authorize",
            "token": "{account}/oauth/token"
          },
          "client_auth": "client_secret_post",
          "scopes": {"default": ["documents:read"]},
          "api": {"base": "{api}", "path": "/v1"}
        }
        """
        .formatted(id, account);
  }

  private SignLinkConfig config() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("providers"));
    Files.writeString(
        folder.resolve("acme.json"), definition("acme", "https://login.acme.example"));
    return SignLinkConfig.fromEnvironment(
        Map.of(
            "SIGNLINK_DATA_DIR",
            dir.resolve("data").toString(),
            "SIGNLINK_PROVIDER_DEFINITIONS",
            folder.toString(),
            "SIGNLINK_ACME_CLIENT_ID",
            "acme-client",
            "SIGNLINK_ACME_CLIENT_SECRET",
            "acme-secret"));
  }

  @Test
  void aRuntimeOpenedFromTheConfigBuildsTheAuthorizationUrlFromTheFilesEndpoints()
      throws Exception {
    try (SignLinkRuntime runtime = SignLinkRuntime.open(config())) {
      assertThat(runtime.providers().require("acme").profile().displayName())
          .isEqualTo("Acme Sign");
      assertThat(runtime.definedProviders().definitions().find("boldsign")).isPresent();

      URI url = runtime.connectFlow().begin("acme", "ada", null, null).authorizationUrl();

      assertThat(url.toString())
          .startsWith("https://login.acme.example/oauth/authorize?")
          .contains("client_id=acme-client")
          .contains("scope=documents%3Aread")
          .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback%2Facme")
          .contains("code_challenge_method=S256");
    }
  }

  @Test
  void definitionsHandedToTheBuilderAreCombinedWithTheFiles() throws Exception {
    ProviderDefinition beta = read(definition("beta", "https://login.beta.example"));
    try (SignLinkRuntime runtime =
        SignLinkRuntime.builder(config())
            .definitions(ProviderDefinitions.builtIn().with(beta))
            .build()) {
      assertThat(runtime.definedProviders().definitions().find("beta")).isPresent();
      assertThat(runtime.definedProviders().definitions().find("acme")).isPresent();
      assertThat(runtime.providers().require("acme").profile().clientId()).isEqualTo("acme-client");
    }
  }

  @Test
  void aFileCannotReplaceADefinitionHandedToTheBuilder() throws Exception {
    SignLinkConfig config = config();
    ProviderDefinition other = read(definition("acme", "https://login.other.example"));
    assertThatThrownBy(
            () ->
                SignLinkRuntime.builder(config)
                    .definitions(ProviderDefinitions.builtIn().with(other))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SIGNLINK_PROVIDER_DEFINITIONS: ")
        .hasMessageContaining(dir.resolve("providers").resolve("acme.json").toString())
        .hasMessageContaining("never replaces");
  }

  private static ProviderDefinition read(String json) {
    return ProviderDefinitions.read(
        "in-code.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
