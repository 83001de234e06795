package io.signlink.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.error.InvalidResponseException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import io.signlink.testing.SharedWireMock;
import io.signlink.testing.TestProfiles;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A refresh answer that fails a check on the token response itself still hands over the refresh
 * token the provider rotated (SECURITY.md §rotation, docs/REFRESH-ANSWERS.md), and {@code
 * refresh_expires_in} becomes the refresh deadline.
 */
class RefreshAnswerRotationTest {
  static final WireMockServer wm = SharedWireMock.get();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final TokenClient client = new TokenClient(new JdkHttpTransport(), clock);
  ProviderProfile profile;

  @BeforeEach
  void reset() {
    wm.resetAll();
    profile = TestProfiles.oauth("acme", wm.baseUrl()).build();
  }

  @Test
  void aTokenTypeSignLinkCannotUseStillYieldsTheRotatedRefreshToken() {
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-2\",\"token_type\":\"mac\",\"expires_in\":300,"
                        + "\"refresh_token\":\"rt-2\",\"refresh_expires_in\":1800}")));

    Throwable t = catchThrowable(() -> client.refreshAnswer(profile, Secret.of("rt-1"), null));

    assertThat(t).isInstanceOf(RejectedRefreshAnswer.class);
    RejectedRefreshAnswer rejected = (RejectedRefreshAnswer) t;
    assertThat(rejected.rotatedRefreshToken()).isEqualTo(Secret.of("rt-2"));
    assertThat(rejected.refreshExpiresAt()).isEqualTo(clock.instant().plusSeconds(1800));
    assertThat(rejected.check()).isEqualTo(RefreshAnswerCheck.TOKEN_TYPE);
    assertThat(rejected.check().consequence())
        .isEqualTo(RefreshAnswerCheck.Consequence.DISCARD_ACCESS_TOKEN);
    assertThat(rejected.statusReason()).isEqualTo("refresh_answer_rejected: token_type");
    assertThat(rejected.getMessage()).doesNotContain("rt-2").doesNotContain("at-2");
  }

  @Test
  void theOrdinaryRefreshStillReportsTheCheckAsAnInvalidResponse() {
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":-5,"
                        + "\"refresh_token\":\"rt-2\"}")));

    Throwable t = catchThrowable(() -> client.refresh(profile, Secret.of("rt-1"), null));

    assertThat(t)
        .isInstanceOfSatisfying(
            InvalidResponseException.class, e -> assertThat(e.check()).isEqualTo("expires_in"));
  }

  @Test
  void refreshExpiresInBecomesTheRefreshDeadline() {
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                        + "\"refresh_token\":\"rt-2\",\"refresh_expires_in\":1800}")));

    TokenSet t = client.refresh(profile, Secret.of("rt-1"), null);

    assertThat(t.refreshExpiresAt()).isEqualTo(clock.instant().plusSeconds(1800));
    TokenSet old =
        new TokenSet(
            Secret.of("at-1"),
            "Bearer",
            Secret.of("rt-1"),
            null,
            null,
            clock.instant(),
            clock.instant().plusSeconds(60),
            clock.instant().plusSeconds(600));
    assertThat(old.withRotatedRefreshToken(Secret.of("rt-3"), null).refreshExpiresAt()).isNull();
    assertThat(old.withRotatedRefreshToken(Secret.of("rt-3"), null).accessToken())
        .isEqualTo(Secret.of("at-1"));
  }
}
