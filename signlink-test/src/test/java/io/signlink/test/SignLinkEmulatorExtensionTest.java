package io.signlink.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.connection.Connection;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.TransientException;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's integration test, as the README shows it: SignLink against the emulated providers. */
@SignLinkEmulator
class SignLinkEmulatorExtensionTest {
  @TempDir Path dir;
  SignLinkRuntime signlink;

  @BeforeEach
  void start(EmulatedProviders providers) {
    Map<String, String> env = new HashMap<>(providers.settings());
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    signlink = SignLinkRuntime.open(SignLinkConfig.fromEnvironment(env));
  }

  @AfterEach
  void stop() {
    signlink.close();
  }

  @Test
  void connectsBoldSignOfflineAndHandsOutItsToken(EmulatedProviders providers) {
    Connection c = connect(providers, "boldsign", "alice");

    assertThat(c.providerId()).isEqualTo("boldsign");
    assertThat(signlink.tokens().accessToken(c.id()).token().reveal()).isNotBlank();
  }

  @Test
  void approvesAsTheSeededUserTheTestChose(EmulatedProviders providers) {
    providers.signInAs(Provider.DOCUSIGN, "marco.ruiz@example.com");

    Connection c = connect(providers, "docusign", "bob");

    assertThat(c.subject())
        .isEqualTo(SeedUsers.find(Provider.DOCUSIGN, "marco.ruiz@example.com").orElseThrow().sub());
  }

  @Test
  void everyTestStartsWithTheDefaultUserSignedIn(EmulatedProviders providers) {
    Connection c = connect(providers, "docusign", "erin");

    assertThat(c.subject()).isEqualTo(SeedUsers.defaultUser(Provider.DOCUSIGN).sub());
  }

  @Test
  void faultsReachSignLinkAndAreResetBeforeTheNextTest(EmulatedProviders providers) {
    Connection c = connect(providers, "boldsign", "carol");
    providers.faults().failNextTokenRequests(5, 503); // more than SignLink retries

    assertThatThrownBy(() -> signlink.tokens().forceRefresh(c.id()))
        .isInstanceOf(TransientException.class);
  }

  private Connection connect(EmulatedProviders providers, String provider, String owner) {
    AuthorizationStart start = signlink.connectFlow().begin(provider, owner, null, null);
    URI callback = providers.approve(start.authorizationUrl());
    return signlink.connectFlow().complete(provider, query(callback), null).connection();
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return params;
  }

  /** The consent page, answered by the test. */
  @Nested
  @SignLinkEmulator(autoApprove = false)
  class WithAConsentPage {
    @Test
    void aDeniedConsentReachesSignLinkAsAccessDenied(EmulatedProviders providers) {
      AuthorizationStart start = signlink.connectFlow().begin("docusign", "dave", null, null);
      URI callback = providers.deny(start.authorizationUrl());

      assertThat(query(callback)).containsEntry("error", "access_denied");
      assertThatThrownBy(() -> signlink.connectFlow().complete("docusign", query(callback), null))
          .isInstanceOf(AuthorizationFlowException.class);
    }
  }
}
