package io.signlink.provider.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.boldsign.BoldSignProfiles;
import io.signlink.provider.boldsign.BoldSignRegion;
import io.signlink.provider.docusign.DocuSignEnvironment;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The definitions build exactly the profiles the hand-written factories built. */
class DefinedProfilesTest {
  private static final ProviderDefinitions DEFINITIONS = ProviderDefinitions.builtIn();
  private static final Secret SECRET = Secret.of("s3cret");

  @Test
  void everyBoldSignRegionMatchesTheHandWrittenProfile() {
    for (BoldSignRegion region : BoldSignRegion.values()) {
      ProviderProfile defined =
          DefinedProfiles.profile(
              DEFINITIONS.require("boldsign"),
              client("boldsign", region.name().toLowerCase(java.util.Locale.ROOT), Map.of()));
      assertThat(defined).isEqualTo(BoldSignProfiles.profile(region, "cid", SECRET));
    }
  }

  @Test
  void boldSignOverridesMatchTheEmulatorProfileWithOrWithoutTheApiPath() {
    URI account = URI.create("http://127.0.0.1:9000/boldsign/");
    ProviderProfile expected =
        BoldSignProfiles.at(
                URI.create("http://127.0.0.1:9000/boldsign"),
                URI.create("http://127.0.0.1:9000/boldsign-api/v1"),
                "cid",
                SECRET)
            .build();
    for (String api :
        List.of("http://127.0.0.1:9000/boldsign-api", "http://127.0.0.1:9000/boldsign-api/v1/")) {
      ProviderProfile defined =
          DefinedProfiles.profile(
              DEFINITIONS.require("boldsign"),
              client("boldsign", null, Map.of("account", account, "api", URI.create(api))));
      assertThat(defined).isEqualTo(expected);
    }
  }

  @Test
  void bothDocuSignEnvironmentsMatchTheHandWrittenProfile() {
    for (DocuSignEnvironment env : DocuSignEnvironment.values()) {
      ProviderProfile defined =
          DefinedProfiles.profile(
              DEFINITIONS.require("docusign"),
              client("docusign", env.name().toLowerCase(java.util.Locale.ROOT), Map.of()));
      assertThat(defined).isEqualTo(DocuSignProfiles.profile(env, "cid", SECRET, true));
    }
  }

  @Test
  void noClientSecretMeansAPublicClient() {
    ProviderProfile p =
        DefinedProfiles.profile(
            DEFINITIONS.require("docusign"), ProviderClientSettings.of("docusign", "cid", null));
    assertThat(p.clientAuth()).isEqualTo(ClientAuthMethod.NONE);
  }

  @Test
  void anUnknownRegionNamesTheSettingAndTheChoices() {
    assertThatThrownBy(
            () ->
                DefinedProfiles.profile(
                    DEFINITIONS.require("boldsign"), client("boldsign", "mars", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("SIGNLINK_BOLDSIGN_REGION: must be one of us, eu, ca, au (not 'mars')");
    assertThatThrownBy(
            () ->
                DefinedProfiles.profile(
                    DEFINITIONS.require("docusign"), client("docusign", "prod", Map.of())))
        .hasMessage("SIGNLINK_DOCUSIGN_ENVIRONMENT: must be demo or production (not 'prod')");
  }

  private static ProviderClientSettings client(
      String definition, String choice, Map<String, URI> overrides) {
    return new ProviderClientSettings(
        definition, null, "cid", SECRET, choice, overrides, null, null, null);
  }
}
