package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Faults.RefreshAnswerFault;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.InvalidResponseException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.boldsign.BoldSignProfiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider rotates its ID-token signing keys while SignLink refreshes, against the emulator's
 * BoldSign (strict refresh-token rotation, JWKS publishing the current and the previous key):
 * rotations seconds apart, several in a minute, and a rotation that retires the key of a token
 * still in flight all leave the connection active and refreshing (SECURITY.md §jwks-rotation,
 * §rotation).
 */
class JwksRotationDuringRefreshTest {
  private static final String ALEX = SeedUsers.defaultUser(Provider.BOLDSIGN).sub();

  @TempDir Path dataDir;
  private Emulator emulator;
  private SignLinkRig signlink;
  private final ConsentBrowser browser = new ConsentBrowser();

  @BeforeEach
  void setUp() {
    emulator = Emulator.start(EmulatorConfig.builder().build());
    ProviderProfile profile =
        BoldSignProfiles.at(
                emulator.boldSignAccountBase(),
                URI.create(emulator.boldSignApiBase() + "/v1"),
                DemoClients.BOLDSIGN_CLIENT_ID,
                Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET))
            .build();
    signlink =
        new SignLinkRig(
            dataDir, Providers.create(profile, new JdkHttpTransport(), Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    signlink.close();
    emulator.close();
  }

  private void assertActiveAndRefreshing(String id) {
    Secret before = signlink.stored(id).tokens().refreshToken();
    signlink.tokens.forceRefresh(id);
    Connection after = signlink.stored(id);
    assertThat(after.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(after.statusReason()).isNull();
    assertThat(after.tokens().refreshToken()).isNotEqualTo(before);
  }

  @Test
  void twoRotationsSecondsApartDuringRefreshesKeepTheConnectionAlive() {
    String id = signlink.connect("boldsign", "owner-1", browser, ALEX).connection().id();

    emulator.rotateSigningKey();
    assertActiveAndRefreshing(id);
    emulator.rotateSigningKey(); // seconds after the first, well within the refetch interval
    assertActiveAndRefreshing(id);

    assertThat(emulator.stats().count("boldsign.jwks")).isEqualTo(3);
  }

  @Test
  void threeRotationsInAMinuteKeepTheConnectionAlive() {
    String id = signlink.connect("boldsign", "owner-1", browser, ALEX).connection().id();

    for (int i = 0; i < 3; i++) {
      emulator.rotateSigningKey();
      assertActiveAndRefreshing(id);
      assertActiveAndRefreshing(id); // the new key is cached now: no refetch needed
    }
    assertThat(emulator.stats().count("boldsign.jwks")).isEqualTo(4);
  }

  @Test
  void aRotationThatRetiresTheKeyOfATokenInFlightKeepsTheConnectionAlive() {
    String id = signlink.connect("boldsign", "owner-1", browser, ALEX).connection().id();
    emulator.rotateSigningKey();
    emulator.rotateSigningKey(); // the consent-time key is gone from the JWKS
    assertActiveAndRefreshing(id);

    // an answer signed by a key the JWKS no longer (or never) publishes: refused, rotation kept
    emulator.faults().spoilNextRefreshAnswers(1, RefreshAnswerFault.UNKNOWN_KID);
    Secret before = signlink.stored(id).tokens().refreshToken();
    assertThat(catchThrowable(() -> signlink.tokens.forceRefresh(id)))
        .isInstanceOf(InvalidResponseException.class);
    Connection marked = signlink.stored(id);
    assertThat(marked.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(marked.statusReason()).isEqualTo("id_token_rejected: unknown_kid");
    assertThat(marked.tokens().refreshToken()).isNotEqualTo(before);

    assertActiveAndRefreshing(id);
  }
}
