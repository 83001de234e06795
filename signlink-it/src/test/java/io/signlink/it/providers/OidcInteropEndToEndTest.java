package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signlink.connection.Connection;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.oidc.IdTokenPolicy;
import io.signlink.provider.oidc.OidcDiscovery;
import io.signlink.provider.oidc.OidcDiscovery.OfflineAccess;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's BoldSign as a generic OpenID provider found by discovery, with a client registered
 * for {@code client_secret_post} only (HTTP Basic is {@code invalid_client}): SignLink picks the
 * method from {@code token_endpoint_auth_methods_supported} unless a setting says otherwise
 * (SECURITY.md §client-auth), asks for {@code offline_access} only when announced or configured
 * (SECURITY.md §scopes), keeps the user's email and name, and revokes the grant a reconnect
 * replaces (SECURITY.md §revocation).
 */
class OidcInteropEndToEndTest {
  private static final SeedUser ALEX = SeedUsers.defaultUser(Provider.BOLDSIGN);
  private static Emulator emulator;
  private static OidcDiscovery discovery;

  @TempDir Path dataDir;
  private SignLinkRig signlink;
  private final ConsentBrowser browser = new ConsentBrowser();
  private final JdkHttpTransport http = new JdkHttpTransport();

  @BeforeAll
  static void startEmulator() {
    emulator = Emulator.start(EmulatorConfig.builder().boldSignPostAuthOnly(true).build());
    discovery =
        OidcDiscovery.create(
            emulator.boldSignAccountBase().toString(), new JdkHttpTransport(), Clock.systemUTC());
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @AfterEach
  void tearDown() {
    if (signlink != null) {
      signlink.close();
    }
  }

  private ProviderProfile profile(ClientAuthMethod configured, OfflineAccess offline) {
    return discovery.profile(
        "boldsign",
        DemoClients.BOLDSIGN_CLIENT_ID,
        Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET),
        configured,
        null,
        offline);
  }

  private SignLinkRig rig(ProviderProfile profile) {
    signlink =
        new SignLinkRig(
            dataDir,
            Providers.discovered(
                discovery, profile, http, Clock.systemUTC(), IdTokenPolicy.defaults()));
    return signlink;
  }

  @Test
  void aClientRegisteredForClientSecretPostOnlyConnectsAndRefreshes() {
    ProviderProfile profile = profile(null, OfflineAccess.AUTO);
    assertThat(profile.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(profile.scopes()).contains("offline_access"); // announced in scopes_supported

    SignLinkRig rig = rig(profile);
    Connection c = rig.connect("boldsign", "owner-1", browser, ALEX.sub()).connection();
    rig.tokens.forceRefresh(c.id());

    Connection stored = rig.stored(c.id());
    assertThat(stored.tokens().refreshToken()).isNotNull();
    assertThat(stored.email()).isEqualTo(ALEX.email());
    assertThat(stored.displayName()).isEqualTo(ALEX.name());
  }

  @Test
  void basicConfiguredAgainstAPostOnlyClientIsRefusedAsAClientProblem() {
    SignLinkRig rig = rig(profile(ClientAuthMethod.CLIENT_SECRET_BASIC, OfflineAccess.AUTO));

    Throwable t = catchThrowable(() -> rig.connect("boldsign", "owner-1", browser, ALEX.sub()));

    assertThat(t)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class, e -> assertThat(e.isClientProblem()).isTrue());
  }

  @Test
  void withOfflineAccessSwitchedOffTheUserConnectsWithoutIt() {
    ProviderProfile profile = profile(null, OfflineAccess.NEVER);
    assertThat(profile.scopes()).doesNotContain("offline_access");

    SignLinkRig rig = rig(profile);
    Connection c = rig.connect("boldsign", "owner-1", browser, ALEX.sub()).connection();

    assertThat(rig.stored(c.id()).scopes()).doesNotContain("offline_access");
  }

  @Test
  void aReconnectRevokesTheGrantItReplaces() {
    SignLinkRig rig = rig(profile(null, OfflineAccess.AUTO));
    Connection first = rig.connect("boldsign", "owner-1", browser, ALEX.sub()).connection();
    Secret replaced = rig.stored(first.id()).tokens().refreshToken();
    long revocationsBefore = emulator.stats().count("boldsign.revocation");

    Connection second = rig.connect("boldsign", "owner-1", browser, ALEX.sub()).connection();

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(emulator.stats().count("boldsign.revocation") - revocationsBefore).isEqualTo(1);
    Throwable reuse =
        catchThrowable(() -> rig.tokenClient.refresh(rig.profile("boldsign"), replaced, null));
    assertThat(reuse)
        .isInstanceOfSatisfying(
            ProviderRejectedException.class, e -> assertThat(e.isInvalidGrant()).isTrue());
    rig.tokens.forceRefresh(second.id()); // the new grant is untouched
  }
}
