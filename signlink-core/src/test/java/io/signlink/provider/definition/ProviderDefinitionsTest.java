package io.signlink.provider.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.ClientAuthMethod;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderDefinitionsTest {

  private static final String MINIMAL =
      """
      {"schema": 1, "id": "acme", "display_name": "Acme Sign",
       "variables": {"account": "https://login.acme.example"},
       "endpoints": {"authorization": "{account}/authorize", "token": "{account}/token"}}
      """;

  @Test
  void shipsBoldSignDocuSignAndGenericOidc() {
    assertThat(ProviderDefinitions.builtIn().all())
        .extracting(ProviderDefinition::id)
        .contains("boldsign", "docusign", "oidc");
  }

  @Test
  void readsTheBoldSignDefinitionAsData() {
    ProviderDefinition b = ProviderDefinitions.builtIn().require("boldsign");
    assertThat(b.settingsPrefix()).isEqualTo("SIGNLINK_BOLDSIGN_");
    assertThat(b.hosts().setting()).isEqualTo("REGION");
    assertThat(b.hosts().choices()).containsOnlyKeys("us", "eu", "ca", "au");
    assertThat(b.hosts().choices().get("eu").variables())
        .containsEntry("account", "https://account-eu.boldsign.com");
    assertThat(b.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(b.scopes().defaults()).contains("offline_access");
    assertThat(b.api().path()).isEqualTo("/v1");
    assertThat(b.testCall().items().at()).isEqualTo("/result");
  }

  @Test
  void readsDocuSignsRefreshRulesAndItsAccountsHook() {
    ProviderDefinition d = ProviderDefinitions.builtIn().require("docusign");
    assertThat(d.refresh().idleExpiry()).isEqualTo(Duration.ofDays(30));
    assertThat(d.refresh().rotation()).isEqualTo(ProviderDefinition.Rotation.ROTATING);
    assertThat(d.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(d.hook("accounts")).hasValue("docusign-userinfo");
    assertThat(d.endpoints().revocation()).isNull();
  }

  @Test
  void fillsDefaultsForAMinimalDefinition() {
    ProviderDefinition d = read(MINIMAL);
    assertThat(d.settingsPrefix()).isEqualTo("SIGNLINK_ACME_");
    assertThat(d.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThat(d.pkce()).isTrue();
    assertThat(d.scopes().separator()).isEqualTo(" ");
    assertThat(d.refresh().rotation()).isEqualTo(ProviderDefinition.Rotation.UNKNOWN);
    assertThat(d.api().authScheme()).isEqualTo("Bearer");
    assertThat(d.errors().reader()).isEqualTo("oauth");
  }

  @Test
  void rejectsAnUnknownFieldNamingItsPath() {
    assertThatThrownBy(() -> read(MINIMAL.replace("\"token\":", "\"tokn\":")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("test.json: endpoints.tokn")
        .hasMessageContaining("not a field");
  }

  @Test
  void rejectsATemplateVariableNothingDefines() {
    assertThatThrownBy(() -> read(MINIMAL.replace("{account}/token", "{acount}/token")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("endpoints.token")
        .hasMessageContaining("{acount}");
  }

  @Test
  void rejectsADurationThatIsNotIso8601() {
    String bad =
        MINIMAL.replace(
            "\"endpoints\"", "\"refresh\": {\"idle_expiry\": \"30 days\"}, \"endpoints\"");
    assertThatThrownBy(() -> read(bad))
        .hasMessageContaining("refresh.idle_expiry")
        .hasMessageContaining("P30D");
  }

  @Test
  void readsAnEpochExpiresInRuleOnlyWhereItCannotMisreadALifetime() {
    String rule =
        MINIMAL.replace(
            "\"endpoints\"",
            "\"token_response\": {\"expires_in_epoch_above\": 1000000000}, \"endpoints\"");
    assertThat(read(rule).protocolQuirks().epochExpiresInAbove()).isEqualTo(1_000_000_000L);
    assertThat(read(MINIMAL).protocolQuirks().epochExpiresInAbove()).isZero();

    assertThatThrownBy(() -> read(rule.replace("1000000000", "2592000")))
        .hasMessageContaining("token_response.expires_in_epoch_above")
        .hasMessageContaining("366 days");
    assertThatThrownBy(() -> read(rule.replace("1000000000", "\"1000000000\"")))
        .hasMessageContaining("token_response.expires_in_epoch_above");
  }

  @Test
  void theTokenResponseHookPointIsNoLongerReserved() {
    String bad =
        MINIMAL.replace("\"endpoints\"", "\"hooks\": {\"token_response\": \"x\"}, \"endpoints\"");
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("hooks.token_response");
  }

  @Test
  void rejectsAnUnknownHookPoint() {
    String bad = MINIMAL.replace("\"endpoints\"", "\"hooks\": {\"acounts\": \"x\"}, \"endpoints\"");
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("hooks.acounts");
  }

  @Test
  void rejectsATestCallThatChangesSomething() {
    String bad =
        MINIMAL.replace(
            "\"endpoints\"",
            "\"test_call\": {\"method\": \"POST\", \"path\": \"x\", \"summary\": \"s\"},"
                + " \"endpoints\"");
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("test_call.method");
  }

  @Test
  void acceptsOnlyTheRevocationSignLinkPerforms() {
    String refresh =
        MINIMAL.replace(
            "\"endpoints\"", "\"revocation\": {\"token\": \"refresh_token\"}, \"endpoints\"");
    assertThat(read(refresh).id()).isEqualTo("acme");
    String access = refresh.replace("\"refresh_token\"", "\"access_token\"");
    assertThatThrownBy(() -> read(access))
        .hasMessageContaining("revocation.token")
        .hasMessageContaining("RFC 7009");
  }

  @Test
  void rejectsAScopePlacementThatWouldDropOpenid() {
    String bad =
        MINIMAL.replace(
            "\"endpoints\"",
            "\"openid\": true, \"scopes\": {\"placement\": \"token\"}, \"endpoints\"");
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("scopes.placement");
  }

  private static ProviderDefinition read(String json) {
    return ProviderDefinitions.read(
        "test.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
