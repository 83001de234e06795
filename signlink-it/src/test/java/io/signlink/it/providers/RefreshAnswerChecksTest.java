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
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.RefreshAnswerCheck;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.boldsign.BoldSignProfiles;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check on a refresh answer, broken one at a time by the emulator's BoldSign, which rotates
 * refresh tokens strictly (a reused one is {@code invalid_grant} and kills the grant): the rotated
 * refresh token is always stored, the connection continues or is marked with the documented reason
 * (docs/REFRESH-ANSWERS.md), and the next refresh never meets a silent {@code invalid_grant}
 * (SECURITY.md §rotation, §refreshed-id-token).
 */
class RefreshAnswerChecksTest {
  private static Emulator emulator;
  private static ProviderProfile profile;
  private static final String ALEX = SeedUsers.defaultUser(Provider.BOLDSIGN).sub();

  @TempDir Path dataDir;
  private SignLinkRig signlink;
  private final ConsentBrowser browser = new ConsentBrowser();

  @BeforeAll
  static void startEmulator() {
    emulator = Emulator.start(EmulatorConfig.builder().build());
    profile =
        BoldSignProfiles.at(
                emulator.boldSignAccountBase(),
                URI.create(emulator.boldSignApiBase() + "/v1"),
                DemoClients.BOLDSIGN_CLIENT_ID,
                Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET))
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void setUp() {
    emulator.faults().clear();
    signlink =
        new SignLinkRig(
            dataDir, Providers.create(profile, new JdkHttpTransport(), Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    signlink.close();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(RefreshAnswerFault.BAD_SIGNATURE, RefreshAnswerCheck.SIGNATURE),
        Arguments.of(RefreshAnswerFault.UNKNOWN_KID, RefreshAnswerCheck.UNKNOWN_KID),
        Arguments.of(RefreshAnswerFault.WRONG_ISSUER, RefreshAnswerCheck.ISS),
        Arguments.of(RefreshAnswerFault.WRONG_AUDIENCE, RefreshAnswerCheck.AUD),
        Arguments.of(RefreshAnswerFault.SUBJECT_CHANGED, RefreshAnswerCheck.SUB_CHANGED),
        Arguments.of(RefreshAnswerFault.AZP_CHANGED, RefreshAnswerCheck.AZP),
        Arguments.of(RefreshAnswerFault.EXPIRED, RefreshAnswerCheck.EXPIRED),
        Arguments.of(RefreshAnswerFault.NONCE_ADDED, RefreshAnswerCheck.NONCE),
        Arguments.of(RefreshAnswerFault.MALFORMED_AUTH_TIME, RefreshAnswerCheck.MALFORMED_CLAIM),
        Arguments.of(RefreshAnswerFault.NOT_A_JWT, RefreshAnswerCheck.MALFORMED),
        Arguments.of(RefreshAnswerFault.UNEXPECTED_SCOPE, RefreshAnswerCheck.SCOPE_WIDENED));
  }

  @ParameterizedTest(name = "{0} fails {1}")
  @MethodSource("faults")
  void aRejectedRefreshAnswerKeepsTheRotatedRefreshTokenAndActsAsDocumented(
      RefreshAnswerFault fault, RefreshAnswerCheck check) {
    Connection before = signlink.connect("boldsign", "owner-1", browser, ALEX).connection();
    emulator.faults().spoilNextRefreshAnswers(1, fault);

    Throwable failure = catchThrowable(() -> signlink.tokens.forceRefresh(before.id()));

    Connection after = signlink.stored(before.id());
    assertThat(after.tokens().refreshToken())
        .as("the refresh token the provider rotated is stored")
        .isNotEqualTo(before.tokens().refreshToken());
    assertThat(after.tokens().accessToken())
        .as("no access token of a refused answer is kept")
        .isEqualTo(before.tokens().accessToken());
    String prefix =
        check == RefreshAnswerCheck.SCOPE_WIDENED
            ? "refresh_answer_rejected: "
            : "id_token_rejected: ";
    assertThat(after.statusReason()).isEqualTo(prefix + check.code());
    if (check.consequence() == RefreshAnswerCheck.Consequence.REVOKE_GRANT) {
      assertThat(failure).isInstanceOf(ReauthRequiredException.class);
      assertThat(after.status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
      // the compromised grant was revoked at the provider (RFC 7009)
      Throwable reuse =
          catchThrowable(
              () -> signlink.tokenClient.refresh(profile, after.tokens().refreshToken(), null));
      assertThat(reuse)
          .isInstanceOfSatisfying(
              ProviderRejectedException.class, e -> assertThat(e.isInvalidGrant()).isTrue());
    } else {
      assertThat(failure)
          .isInstanceOfSatisfying(
              InvalidResponseException.class, e -> assertThat(e.check()).isEqualTo(check.code()));
      assertThat(after.status()).isEqualTo(ConnectionStatus.ACTIVE);
      // the next attempt uses the new refresh token and succeeds: no invalid_grant
      signlink.tokens.forceRefresh(before.id());
      Connection healed = signlink.stored(before.id());
      assertThat(healed.status()).isEqualTo(ConnectionStatus.ACTIVE);
      assertThat(healed.statusReason()).isNull();
      assertThat(healed.tokens().accessToken()).isNotEqualTo(before.tokens().accessToken());
      assertThat(healed.tokens().refreshToken()).isNotEqualTo(after.tokens().refreshToken());
    }
  }

  @Test
  void everyDocumentedCheckHasAConsequence() {
    assertThat(RefreshAnswerCheck.values())
        .allSatisfy(c -> assertThat(c.consequence()).isNotNull())
        .extracting(RefreshAnswerCheck::code)
        .doesNotHaveDuplicates();
  }
}
