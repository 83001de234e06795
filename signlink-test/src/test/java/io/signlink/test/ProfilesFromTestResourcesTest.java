package io.signlink.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.Provider;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A test adds a provider to the emulator from a profile in its own resources, and gets its settings
 * and consent handling like the built-in ones.
 */
@SignLinkEmulator(
    profiles = "/emulator-profiles/acme.json",
    accessTokenSeconds = "acme=30",
    redirectUris = "http://127.0.0.1/callback/acme")
class ProfilesFromTestResourcesTest {

  @Test
  void settingsNameTheAddedProviderWithItsDemoClientAndHosts(EmulatedProviders providers) {
    Emulator emu = providers.emulator();
    Map<String, String> settings = providers.settings();

    assertThat(settings)
        .containsEntry("SIGNLINK_ACME_CLIENT_ID", "acme-demo-client")
        .containsEntry("SIGNLINK_ACME_CLIENT_SECRET", "acme-demo-secret")
        .containsEntry("SIGNLINK_ACME_ACCOUNT_URL", emu.baseUri() + "/acme")
        .containsEntry("SIGNLINK_ACME_API_URL", emu.baseUri() + "/acme-api")
        .containsKeys("SIGNLINK_BOLDSIGN_CLIENT_ID", "SIGNLINK_DOCUSIGN_CLIENT_ID");
    assertThat(settings).doesNotContainKey("SIGNLINK_ZOHOSIGN_CLIENT_ID");
    assertThat(providers.settings("boldsign"))
        .containsOnlyKeys(
            "SIGNLINK_BOLDSIGN_CLIENT_ID",
            "SIGNLINK_BOLDSIGN_CLIENT_SECRET",
            "SIGNLINK_BOLDSIGN_ACCOUNT_URL",
            "SIGNLINK_BOLDSIGN_API_URL");
  }

  @Test
  void theAddedProviderApprovesAsTheUserTheTestChose(EmulatedProviders providers) {
    Provider acme = providers.provider("acme");
    providers.signInAs(acme, "alan@acme.example");

    URI callback = providers.approve(authorizationUrl(providers.emulator(), "state-1"));

    assertThat(callback.toString())
        .startsWith("http://127.0.0.1/callback/acme?code=")
        .contains("state=state-1");
    assertThat(providers.emulator().stats().count("acme.authorize.code")).isEqualTo(1);
  }

  private static URI authorizationUrl(Emulator emu, String state) {
    String challenge;
    try {
      challenge =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(
                          "a-verifier-of-forty-three-characters-or-more"
                              .getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return URI.create(
        emu.accountBase(emu.provider("acme"))
            + "/oauth/authorize?response_type=code&client_id=acme-demo-client"
            + "&redirect_uri="
            + URLEncoder.encode("http://127.0.0.1/callback/acme", StandardCharsets.UTF_8)
            + "&scope=documents%3Aread&state="
            + state
            + "&code_challenge="
            + challenge
            + "&code_challenge_method=S256");
  }
}
