package io.signlink.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.ProviderDefinitions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** signlink.* properties as the service's SIGNLINK_* settings, and messages back as properties. */
class SettingsMapTest {
  static SignLinkProperties.Provider provider(URI issuer, String region, List<String> scopes) {
    return new SignLinkProperties.Provider(
        "client", "s3cret", region, null, scopes, null, null, issuer, null, null);
  }

  static SignLinkProperties properties(Map<String, SignLinkProperties.Provider> providers) {
    return new SignLinkProperties(
        true,
        null,
        Path.of("/var/lib/app"),
        new SignLinkProperties.Store(null, true),
        new SignLinkProperties.Keyset(null, null),
        providers,
        new SignLinkProperties.Refresh(null, null, true),
        new SignLinkProperties.Web(false, "/signlink", "/"),
        false);
  }

  @Test
  void aProviderWithAnIssuerIsAGenericOpenIdConnectOne() {
    SettingsMap s =
        SettingsMap.of(
            properties(
                Map.of(
                    "acme-idp",
                    provider(URI.create("https://login.acme.example"), null, List.of()))),
            URI.create("https://app.example.com"));

    assertThat(s.values())
        .containsEntry("SIGNLINK_OIDC_ACME_IDP_ISSUER", "https://login.acme.example")
        .containsEntry("SIGNLINK_OIDC_ACME_IDP_CLIENT_ID", "client")
        .containsEntry("SIGNLINK_OIDC_ACME_IDP_CLIENT_SECRET", "s3cret");
  }

  @Test
  void aNamedProviderTakesItsOwnVariablesWithScopesSpaceSeparated() {
    SettingsMap s =
        SettingsMap.of(
            properties(
                Map.of("boldsign", provider(null, "EU", List.of("openid", "offline_access")))),
            URI.create("https://app.example.com"));

    assertThat(s.values())
        .containsEntry("SIGNLINK_BOLDSIGN_CLIENT_ID", "client")
        .containsEntry("SIGNLINK_BOLDSIGN_REGION", "EU")
        .containsEntry("SIGNLINK_BOLDSIGN_SCOPES", "openid offline_access")
        .containsEntry("SIGNLINK_DATA_DIR", Path.of("/var/lib/app").toString())
        .doesNotContainKey("SIGNLINK_BOLDSIGN_ENVIRONMENT");
  }

  @Test
  void anApplicationsDefinitionGivesItsProviderItsOwnSettingsPrefix() {
    String json =
        """
        {
          "schema": 1,
          "id": "acme",
          "display_name": "Acme Sign",
          "settings_prefix": "SIGNLINK_ACME_SIGN_",
          "variables": {"account": "https://auth.acme.example"},
          "endpoints": {
            "authorization": "{account}/oauth/authorize",
            "token": "{account}/oauth/token"
          },
          "client_auth": "client_secret_basic",
          "pkce": true,
          "scopes": {"default": ["documents:read"]},
          "refresh": {"rotation": "rotating"},
          "api": {"base": "{account}", "path": "/v3"}
        }
        """;
    ProviderDefinitions definitions =
        ProviderDefinitions.builtIn()
            .with(
                ProviderDefinitions.read(
                    "acme.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));

    SettingsMap s =
        SettingsMap.of(
            properties(Map.of("acme", provider(null, null, List.of()))),
            URI.create("https://app.example.com"),
            definitions);

    assertThat(s.values())
        .containsEntry("SIGNLINK_ACME_SIGN_CLIENT_ID", "client")
        .containsEntry("SIGNLINK_ACME_SIGN_CLIENT_SECRET", "s3cret")
        .doesNotContainKey("SIGNLINK_ACME_CLIENT_ID");
    assertThat(
            s.inPropertyNames(
                new ConfigurationException("SIGNLINK_ACME_SIGN_ACCOUNT_URL", "is not a URL")))
        .hasMessage("signlink.providers.acme.account-url: is not a URL");
  }

  @Test
  void callbacksLiveUnderTheRoutesPath() {
    assertThat(SettingsMap.callbackBase(URI.create("https://app.example.com/"), "signlink/"))
        .hasToString("https://app.example.com/signlink");
    assertThat(SettingsMap.callbackBase(URI.create("https://app.example.com/ctx"), "/oauth"))
        .hasToString("https://app.example.com/ctx/oauth");
  }

  @Test
  void aFailureNamesThePropertiesInsteadOfTheVariables() {
    SettingsMap s = SettingsMap.of(properties(Map.of()), URI.create("https://app.example.com"));

    ConfigurationException e =
        s.inPropertyNames(
            new ConfigurationException(
                "SIGNLINK_KEYSET", "set either SIGNLINK_KEYSET or SIGNLINK_KEYSET_FILE, not both"));

    assertThat(e.setting()).isEqualTo("signlink.keyset.json");
    assertThat(e)
        .hasMessage(
            "signlink.keyset.json: set either signlink.keyset.json or signlink.keyset.file, not"
                + " both");
  }

  @Test
  void printsNoSecret() {
    SignLinkProperties p = properties(Map.of("docusign", provider(null, null, List.of())));

    assertThat(SettingsMap.of(p, URI.create("https://app.example.com")).toString())
        .doesNotContain("s3cret");
    assertThat(p.toString()).doesNotContain("s3cret");
  }
}
