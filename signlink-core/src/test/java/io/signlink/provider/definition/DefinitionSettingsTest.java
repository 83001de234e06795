package io.signlink.provider.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every definition's settings read the same way: SIGNLINK_<ID>_CLIENT_ID and friends. */
class DefinitionSettingsTest {
  static final ProviderDefinition ACME =
      ProviderDefinitions.read(
          "acme.json",
          new ByteArrayInputStream(
              """
              {"schema": 1, "id": "acme-sign", "display_name": "Acme Sign",
               "hosts": {"setting": "REGION", "default": "us", "choices": {
                 "us": {"variables": {"account": "https://login.acme.example", "api": "https://api.acme.example"}},
                 "eu": {"variables": {"account": "https://login.eu.acme.example", "api": "https://api.eu.acme.example"}}}},
               "endpoints": {"authorization": "{account}/authorize", "token": "{account}/token"},
               "api": {"base": "{api}", "path": "/v2"}}
              """
                  .getBytes(StandardCharsets.UTF_8)));

  @Test
  void aNewProviderReadsTheGenericSettingsUnderItsPrefix() {
    List<ProviderClientSettings> read =
        DefinitionSettings.read(
            ACME,
            source(
                Map.of(
                    "SIGNLINK_ACME_SIGN_CLIENT_ID", "cid",
                    "SIGNLINK_ACME_SIGN_CLIENT_SECRET", "sec",
                    "SIGNLINK_ACME_SIGN_REGION", "EU",
                    "SIGNLINK_ACME_SIGN_SCOPES", "a b",
                    "SIGNLINK_ACME_SIGN_API_URL", "http://127.0.0.1:9/acme-api/v2")),
            Set.of());
    assertThat(read)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("acme-sign");
              assertThat(c.hostChoice()).isEqualTo("eu");
              assertThat(c.scopes()).containsExactly("a", "b");
              assertThat(DefinedProfiles.profile(ACME, c).apiBaseUri())
                  .isEqualTo(URI.create("http://127.0.0.1:9/acme-api/v2"));
              assertThat(DefinedProfiles.profile(ACME, c).tokenEndpoint())
                  .isEqualTo(URI.create("https://login.eu.acme.example/token"));
            });
    assertThat(DefinitionSettings.suffixes(ACME))
        .containsExactly(
            "CLIENT_ID", "CLIENT_SECRET", "SCOPES", "REGION", "ACCOUNT_URL", "API_URL");
  }

  @Test
  void aProviderWithoutAClientIdIsOffButAStraySettingIsAnError() {
    assertThat(DefinitionSettings.read(ACME, source(Map.of()), Set.of())).isEmpty();
    assertThatThrownBy(
            () ->
                DefinitionSettings.read(
                    ACME, source(Map.of("SIGNLINK_ACME_SIGN_REGION", "eu")), Set.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("SIGNLINK_ACME_SIGN_CLIENT_ID: is required because");
  }

  @Test
  void anUnknownRegionFailsWhenTheSettingsAreRead() {
    assertThatThrownBy(
            () ->
                DefinitionSettings.read(
                    ACME,
                    source(
                        Map.of(
                            "SIGNLINK_ACME_SIGN_CLIENT_ID", "cid",
                            "SIGNLINK_ACME_SIGN_REGION", "mars")),
                    Set.of()))
        .hasMessage("SIGNLINK_ACME_SIGN_REGION: must be us or eu (not 'mars')");
  }

  @Test
  void namedInstancesMayNotTakeAnotherProvidersId() {
    ProviderDefinition oidc = ProviderDefinitions.builtIn().require("oidc");
    Map<String, String> env =
        Map.of(
            "SIGNLINK_OIDC_KEYCLOAK_ISSUER", "https://kc.example.com/realms/a",
            "SIGNLINK_OIDC_KEYCLOAK_CLIENT_ID", "signlink",
            "SIGNLINK_OIDC_KEYCLOAK_OFFLINE_ACCESS", "no");
    assertThat(DefinitionSettings.read(oidc, source(env), Set.of("docusign")))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isEqualTo("keycloak");
              assertThat(c.options()).containsEntry("OFFLINE_ACCESS", "NEVER");
            });
    assertThatThrownBy(
            () ->
                DefinitionSettings.read(
                    oidc,
                    source(Map.of("SIGNLINK_OIDC_DOCUSIGN_ISSUER", "https://x.example")),
                    Set.of("docusign")))
        .hasMessageContaining("not DOCUSIGN");
  }

  /** A map as the settings source, with the server's URL rule (absolute http(s)). */
  static DefinitionSettings.Source source(Map<String, String> values) {
    return new DefinitionSettings.Source() {
      @Override
      public Optional<String> string(String name) {
        return Optional.ofNullable(values.get(name));
      }

      @Override
      public Optional<Secret> secret(String name) {
        return string(name).map(Secret::of);
      }

      @Override
      public Optional<URI> url(String name, String example) {
        return string(name).map(URI::create);
      }

      @Override
      public List<String> list(String name) {
        return string(name).map(v -> List.of(v.trim().split("[,\\s]+"))).orElse(List.of());
      }

      @Override
      public List<String> namesStartingWith(String prefix) {
        return values.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
      }
    };
  }
}
