package io.signlink.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.signlink.error.ProviderRejectedException;
import io.signlink.provider.ProtocolQuirks;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import io.signlink.testing.SharedWireMock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Providers whose token and revocation endpoints depart from RFC 6749/7009 get what they document,
 * and only they: the state repeated in the code exchange (Dropbox Sign), the token in the
 * revocation URL (Zoho, SECURITY.md §revocation-query), the provider's names for OAuth error codes
 * and errors answered with HTTP 200 (Zoho).
 */
class ProtocolQuirksTest {
  static final WireMockServer wm = SharedWireMock.get();

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final TokenClient client = new TokenClient(new io.signlink.http.JdkHttpTransport(), clock);
  ProviderProfile profile;

  @BeforeEach
  void reset() {
    wm.resetAll();
    profile = TestProfiles.oauth("acme", wm.baseUrl()).build();
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    wm.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));
  }

  private PendingAuthorization pending(String redirect) {
    return new PendingAuthorization(
        Secret.of("state-1"),
        "acme",
        wm.baseUrl(),
        "owner",
        redirect,
        Secret.of("verifier-abcdefghijklmnopqrstuvwxyz0123456789"),
        null,
        null,
        null,
        clock.instant(),
        clock.instant().plusSeconds(600));
  }

  private ProviderProfile with(ProtocolQuirks quirks) {
    return profile.toBuilder().quirks(quirks).build();
  }

  @Test
  void theCodeExchangeRepeatsTheStateOnlyWhereTheProviderRequiresIt() {
    client.exchangeCode(profile, Secret.of("code-1"), pending("https://app.example/cb"));
    assertThat(TokenClientTest.form(TokenClientTest.onlyRequest())).doesNotContainKey("state");

    wm.resetRequests();
    client.exchangeCode(
        with(new ProtocolQuirks(true, false, Map.of())),
        Secret.of("code-1"),
        pending("https://app.example/cb"));
    assertThat(TokenClientTest.form(TokenClientTest.onlyRequest()).get("state"))
        .containsExactly("state-1");
  }

  @Test
  void aProviderThatReadsTheRevokedTokenFromTheQueryGetsItThereAndNowhereElse() {
    client.revoke(
        with(new ProtocolQuirks(false, true, Map.of())),
        Secret.of("rt-to-revoke"),
        TokenTypeHint.REFRESH_TOKEN);

    LoggedRequest r = TokenClientTest.onlyRequest();
    assertThat(URI.create(r.getUrl()).getQuery()).isEqualTo("token=rt-to-revoke");
    assertThat(TokenClientTest.form(r)).doesNotContainKey("token");
    assertThat(r.getBodyAsString()).doesNotContain("rt-to-revoke");
  }

  @Test
  void theProvidersNameForInvalidGrantMeansADeadGrantEvenWithHttp200() {
    wm.stubFor(post("/token").willReturn(okJson("{\"error\":\"invalid_code\"}")));

    ProviderRejectedException standard =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> client.refresh(profile, Secret.of("rt-1"), null));
    ProviderRejectedException zoho =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () ->
                client.refresh(
                    with(new ProtocolQuirks(false, false, Map.of("invalid_code", "invalid_grant"))),
                    Secret.of("rt-1"),
                    null));

    assertThat(standard.isInvalidGrant()).isFalse(); // unknown codes are not guessed
    assertThat(zoho.isInvalidGrant()).isTrue();
  }

  @Test
  void aRevocationAnsweredWithHttp200AndAnErrorIsNotASuccess() {
    wm.stubFor(
        post(urlPathEqualTo("/revoke"))
            .willReturn(okJson("{\"error\":\"invalid_token\",\"status\":\"failure\"}")));

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () -> client.revoke(profile, Secret.of("rt-1"), TokenTypeHint.REFRESH_TOKEN));

    assertThat(e.oauthError()).isEqualTo("invalid_token");
  }

  // ---- SECURITY.md §epoch-expires-in: SignNow's code exchange answers an absolute expires_in ----

  /** SignNow's rule: an expires_in above 10^9 seconds is an epoch time. */
  private ProviderProfile epochRule() {
    return profile.toBuilder()
        .quirks(new ProtocolQuirks(false, false, Map.of(), 1_000_000_000L))
        .defaultAccessTokenLifetime(Duration.ofHours(1))
        .build();
  }

  private void tokenAnswer(String expiresIn) {
    wm.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"refresh_token\":\"rt-1\","
                        + "\"expires_in\":"
                        + expiresIn
                        + "}")));
  }

  private TokenSet exchange(ProviderProfile p) {
    return client.exchangeCode(p, Secret.of("code-1"), pending("https://app.example/cb"));
  }

  @Test
  void anEpochExpiresInIsTheTimeLeftUntilThenWhereTheDefinitionSaysSo() {
    long expiresAt = clock.instant().plus(Duration.ofDays(30)).getEpochSecond();
    tokenAnswer("\"" + expiresAt + "\""); // the string form SignNow documents

    TokenSet withRule = exchange(epochRule());
    TokenSet without = exchange(profile);

    assertThat(withRule.accessExpiresAt()).isEqualTo(Instant.ofEpochSecond(expiresAt));
    assertThat(without.accessExpiresAt()) // read as a lifetime, it is clamped to 366 days
        .isEqualTo(clock.instant().plus(Duration.ofDays(366)));
  }

  @Test
  void aRelativeExpiresInStaysALifetimeUnderTheEpochRule() {
    tokenAnswer("2592000"); // SignNow's password grant: 30 days, relative
    assertThat(exchange(epochRule()).accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofDays(30)));

    tokenAnswer("\"5183\""); // its verify endpoint: remaining seconds as a string
    assertThat(exchange(epochRule()).accessExpiresAt())
        .isEqualTo(clock.instant().plusSeconds(5183));
  }

  @Test
  void anEpochExpiresInInThePastOrTooFarOffIsUnknownAndTheDefaultLifetimeIsAssumed() {
    tokenAnswer("\"1584793649\""); // the documented example: March 2020, long past
    assertThat(exchange(epochRule()).accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)));

    tokenAnswer(Long.toString(clock.instant().getEpochSecond())); // expiring the instant it came
    assertThat(exchange(epochRule()).accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)));

    long tooFar = clock.instant().plus(Duration.ofDays(400)).getEpochSecond();
    tokenAnswer(Long.toString(tooFar));
    assertThat(exchange(epochRule()).accessExpiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void theEpochRuleAppliesToRefreshAnswersToo() {
    long expiresAt = clock.instant().plus(Duration.ofDays(2)).getEpochSecond();
    tokenAnswer(Long.toString(expiresAt));

    assertThat(client.refresh(epochRule(), Secret.of("rt-1"), null).accessExpiresAt())
        .isEqualTo(Instant.ofEpochSecond(expiresAt));
  }

  @Test
  void anEpochRuleThatWouldMisreadABelievableLifetimeIsRefused() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new ProtocolQuirks(false, false, Map.of(), Duration.ofDays(30).toSeconds())))
        .hasMessageContaining("366 days");
  }
}
