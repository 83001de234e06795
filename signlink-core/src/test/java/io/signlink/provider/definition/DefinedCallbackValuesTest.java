package io.signlink.provider.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ProviderProfile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The redirect's host parameters are checked against the definition's allow-list before use
 * (SECURITY.md §callback-hosts), and a connection's profile is built from the values that passed.
 */
class DefinedCallbackValuesTest {
  private static final ProviderDefinitions DEFINITIONS = ProviderDefinitions.builtIn();

  private static DefinedCallbackValues values(String id, Map<String, String> settings) {
    ProviderDefinition d = DEFINITIONS.require(id);
    Map<String, String> all = new HashMap<>(settings);
    all.put(DefinitionSettings.prefix(d, id) + "CLIENT_ID", "client");
    all.put(DefinitionSettings.prefix(d, id) + "CLIENT_SECRET", "secret");
    ProviderClientSettings s =
        DefinitionSettings.read(d, DefinitionSettingsTest.source(all), Set.of()).get(0);
    return new DefinedCallbackValues(d, s);
  }

  private static ProviderProfile configured(String id, Map<String, String> settings) {
    ProviderDefinition d = DEFINITIONS.require(id);
    Map<String, String> all = new HashMap<>(settings);
    all.put(DefinitionSettings.prefix(d, id) + "CLIENT_ID", "client");
    all.put(DefinitionSettings.prefix(d, id) + "CLIENT_SECRET", "secret");
    return DefinedProfiles.profile(
        d, DefinitionSettings.read(d, DefinitionSettingsTest.source(all), Set.of()).get(0));
  }

  @Test
  void acrobatSignsShardFromTheRedirectSetsTheTokenRefreshRevocationAndApiHosts() {
    DefinedCallbackValues acrobat = values("acrobatsign", Map.of());
    Map<String, String> kept =
        acrobat.accept(
            Map.of(
                "code", "c",
                "state", "s",
                "api_access_point", "https://api.eu1.adobesign.com/",
                "web_access_point", "https://secure.eu1.adobesign.com/"));
    assertThat(kept)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "api_access_point", "https://api.eu1.adobesign.com",
                "web_access_point", "https://secure.eu1.adobesign.com"));

    ProviderProfile p = acrobat.profile(configured("acrobatsign", Map.of()), kept);
    assertThat(p.tokenEndpoint()).hasToString("https://api.eu1.adobesign.com/oauth/v2/token");
    assertThat(p.refreshEndpoint()).hasToString("https://api.eu1.adobesign.com/oauth/v2/refresh");
    assertThat(p.revocationEndpoint()).hasToString("https://api.eu1.adobesign.com/oauth/v2/revoke");
    assertThat(p.apiBaseUri()).hasToString("https://api.eu1.adobesign.com");
    // consent still starts at the shard-less host
    assertThat(p.authorizationEndpoint())
        .hasToString("https://secure.adobesign.com/public/oauth/v2");
    assertThat(acrobat.accept(Map.of("api_access_point", "https://API.JP1.EchoSign.com")).values())
        .containsExactly("https://api.jp1.echosign.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.na1.adobesign.com.evil.example/",
        "https://evil.example/",
        "https://api.adobesign.com/",
        "https://api.na1.eu.adobesign.com/",
        "https://xapi.na1.adobesign.com/",
        "http://api.na1.adobesign.com/",
        "https://user@api.na1.adobesign.com/",
        "https://api.na1.adobesign.com:8443/",
        "https://api.na1.adobesign.com/other/",
        "https://api.na1.adobesign.com/?next=https://evil.example",
        "https://api.na1.adobesign.com/#x",
        "https://api.na1.adobesign.com./",
        "https://api.na1.adobesign.com\\@evil.example/",
        "//api.na1.adobesign.com/",
        "javascript:alert(1)",
        "https://127.0.0.1/"
      })
  void aRedirectNamingAnyOtherApiHostIsRefusedNamingTheParameter(String crafted) {
    DefinedCallbackValues acrobat = values("acrobatsign", Map.of());
    assertThatThrownBy(() -> acrobat.accept(Map.of("api_access_point", crafted)))
        .isInstanceOfSatisfying(
            AuthorizationFlowException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AuthorizationFlowException.Reason.UNTRUSTED_CALLBACK_VALUE))
        .hasMessageContaining("api_access_point")
        .hasMessageContaining("nothing was sent");
  }

  @Test
  void zohosDataCentreChoosesTheAccountsServerAndTheSignHostAndMustAgreeWithIt() {
    DefinedCallbackValues zoho = values("zohosign", Map.of());
    Map<String, String> eu =
        zoho.accept(Map.of("location", "eu", "accounts-server", "https://accounts.zoho.eu"));
    ProviderProfile p = zoho.profile(configured("zohosign", Map.of()), eu);
    assertThat(p.tokenEndpoint()).hasToString("https://accounts.zoho.eu/oauth/v2/token");
    assertThat(p.refreshEndpointOrToken()).hasToString("https://accounts.zoho.eu/oauth/v2/token");
    assertThat(p.revocationEndpoint())
        .hasToString("https://accounts.zoho.eu/oauth/v2/token/revoke");
    assertThat(p.apiBaseUri()).hasToString("https://sign.zoho.eu");

    Map<String, String> ca =
        zoho.accept(Map.of("location", "CA", "accounts-server", "https://accounts.zohocloud.ca/"));
    assertThat(zoho.profile(configured("zohosign", Map.of()), ca).apiBaseUri())
        .hasToString("https://sign.zohocloud.ca");

    assertThatThrownBy(
            () ->
                zoho.accept(
                    Map.of("location", "eu", "accounts-server", "https://accounts.zoho.com")))
        .isInstanceOf(AuthorizationFlowException.class)
        .hasMessageContaining("accounts-server")
        .hasMessageContaining("data centre eu");
    assertThatThrownBy(
            () ->
                zoho.accept(
                    Map.of(
                        "location", "eu", "accounts-server", "https://accounts.zoho.eu.evil.io")))
        .isInstanceOf(AuthorizationFlowException.class);
    assertThatThrownBy(
            () ->
                zoho.accept(
                    Map.of("location", "xx", "accounts-server", "https://accounts.zoho.eu")))
        .isInstanceOf(AuthorizationFlowException.class)
        .hasMessageContaining("location");
    // without location, the accounts server must be the configured region's
    assertThatThrownBy(() -> zoho.accept(Map.of("accounts-server", "https://accounts.zoho.eu")))
        .isInstanceOf(AuthorizationFlowException.class);
  }

  @Test
  void keptValuesAreCheckedAgainWhenAConnectionsProfileIsBuilt() {
    DefinedCallbackValues acrobat = values("acrobatsign", Map.of());
    assertThatThrownBy(
            () ->
                acrobat.profile(
                    configured("acrobatsign", Map.of()),
                    Map.of("api_access_point", "https://evil.example")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("api_access_point")
        .hasMessageContaining("reconnect");
  }

  @Test
  void callbackUrlsReplaceTheDefinitionsHostsWithUrlPrefixesForTestSetups() {
    Map<String, String> emulator =
        Map.of("SIGNLINK_ACROBATSIGN_CALLBACK_URLS", "http://127.0.0.1:8090/acrobatsign-api/");
    DefinedCallbackValues acrobat = values("acrobatsign", emulator);
    Map<String, String> kept =
        acrobat.accept(Map.of("api_access_point", "http://127.0.0.1:8090/acrobatsign-api/eu1/"));
    assertThat(kept).containsEntry("api_access_point", "http://127.0.0.1:8090/acrobatsign-api/eu1");
    assertThat(acrobat.profile(configured("acrobatsign", emulator), kept).refreshEndpoint())
        .hasToString("http://127.0.0.1:8090/acrobatsign-api/eu1/oauth/v2/refresh");
    for (String crafted :
        new String[] {
          "http://127.0.0.1:8091/acrobatsign-api/eu1/",
          "http://127.0.0.1:8090/acrobatsign-apix/",
          "http://127.0.0.1:8090/acrobatsign-api/../evil/",
          "http://127.0.0.1:8090/acrobatsign-api/%2e%2e/evil/",
          "https://api.eu1.adobesign.com/"
        }) {
      assertThatThrownBy(() -> acrobat.accept(Map.of("api_access_point", crafted)))
          .as(crafted)
          .isInstanceOf(AuthorizationFlowException.class)
          .hasMessageContaining("api_access_point");
    }
    assertThatThrownBy(
            () ->
                values(
                    "acrobatsign",
                    Map.of("SIGNLINK_ACROBATSIGN_CALLBACK_URLS", "http://proxy.example/")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SIGNLINK_ACROBATSIGN_CALLBACK_URLS");
  }

  @Test
  void anApiUrlOverrideMayFollowTheDataCentreTheRedirectNamed() {
    Map<String, String> emulator =
        Map.of(
            "SIGNLINK_ZOHOSIGN_ACCOUNT_URL", "http://127.0.0.1:8090/zoho-accounts",
            "SIGNLINK_ZOHOSIGN_API_URL", "http://127.0.0.1:8090/zohosign/{location}",
            "SIGNLINK_ZOHOSIGN_CALLBACK_URLS", "http://127.0.0.1:8090");
    ProviderProfile configured = configured("zohosign", emulator);
    assertThat(configured.apiBaseUri()).hasToString("http://127.0.0.1:8090/zohosign/us");
    DefinedCallbackValues zoho = values("zohosign", emulator);
    Map<String, String> eu =
        zoho.accept(
            Map.of("location", "eu", "accounts-server", "http://127.0.0.1:8090/zoho-accounts/eu"));
    ProviderProfile p = zoho.profile(configured, eu);
    assertThat(p.apiBaseUri()).hasToString("http://127.0.0.1:8090/zohosign/eu");
    assertThat(p.tokenEndpoint())
        .hasToString("http://127.0.0.1:8090/zoho-accounts/eu/oauth/v2/token");
    assertThat(p.authorizationEndpoint())
        .hasToString("http://127.0.0.1:8090/zoho-accounts/oauth/v2/auth");
    assertThatThrownBy(
            () ->
                values(
                    "zohosign",
                    Map.of("SIGNLINK_ZOHOSIGN_API_URL", "http://127.0.0.1:8090/{accounts-server}")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("{location}");
  }

  @Test
  void aDefinitionMustCheckEveryCallbackParameterAndNameItsDomains() {
    String unchecked =
        """
        {"schema": 1, "id": "acme", "display_name": "Acme",
         "variables": {"account": "https://login.acme.example", "shard": "https://a.acme.example"},
         "endpoints": {"authorization": "{account}/auth", "token": "{shard}/token"},
         "callback_parameters": ["shard"]}
        """;
    assertThatThrownBy(() -> read(unchecked))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("callback_checks.shard")
        .hasMessageContaining("is required");
    String tooWide =
        unchecked.replace(
            "\"callback_parameters\": [\"shard\"]",
            "\"callback_parameters\": [\"shard\"],"
                + " \"callback_checks\": {\"shard\": {\"allowed_urls\": [\"https://*.*\"]}}");
    assertThatThrownBy(() -> read(tooWide))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("allowed_urls");
    String withPort = tooWide.replace("https://*.*", "https://*.acme.example:8443");
    assertThatThrownBy(() -> read(withPort))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no port");
    String fine = tooWide.replace("https://*.*", "https://*.acme.example");
    assertThat(read(fine).callbackChecks().get("shard").allowedUrls())
        .containsExactly("https://*.acme.example");
  }

  private static ProviderDefinition read(String json) {
    return ProviderDefinitions.read(
        "acme.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
