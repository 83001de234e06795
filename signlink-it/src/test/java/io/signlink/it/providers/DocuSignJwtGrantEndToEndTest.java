package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.signlink.connection.Account;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.provider.docusign.DocuSignApiJwtTokens;
import io.signlink.provider.docusign.DocuSignJwtAssertion;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DocuSign's JWT grant for service integrations, against the emulator: {@code consent_required}
 * until the user consented to {@code signature impersonation} (docs/PROVIDERS.md "JWT consent"),
 * then a token that works on the user's default account.
 */
class DocuSignJwtGrantEndToEndTest {
  private static final SeedUser DANA = SeedUsers.DOCUSIGN.get(0);
  private static final URI CONSENT_REDIRECT = URI.create("http://127.0.0.1/callback/docusign");
  private static Emulator emulator;
  private static ProviderProfile profile;
  private final Clock clock = Clock.systemUTC();
  private final JdkHttpTransport http = new JdkHttpTransport();
  private DocuSignApiJwtTokens tokens;

  @BeforeAll
  static void startEmulator() {
    emulator = Emulator.start(EmulatorConfig.builder().build());
    profile =
        DocuSignProfiles.at(
                emulator.docuSignAccountBase(),
                DemoClients.DOCUSIGN_INTEGRATION_KEY,
                Secret.of(DemoClients.DOCUSIGN_SECRET),
                false)
            .build();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void setUp() {
    emulator.stats().reset();
    emulator.revokeConsent(Provider.DOCUSIGN, DemoClients.DOCUSIGN_INTEGRATION_KEY, DANA.sub());
    tokens =
        new DocuSignApiJwtTokens(
            new TokenClient(http, clock),
            profile,
            new DocuSignJwtAssertion(clock),
            DANA.sub(),
            (RSAPrivateKey) emulator.docuSignJwtKeyPair().getPrivate(),
            CONSENT_REDIRECT,
            clock);
  }

  @Test
  void withoutConsentTheGrantFailsWithTheConsentUrl() {
    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, tokens::current);

    assertThat(e.oauthError()).isEqualTo("consent_required");
    assertThat(e.consentUrl())
        .hasValueSatisfying(
            url ->
                assertThat(url)
                    .startsWith(emulator.docuSignAccountBase() + "/oauth/auth?response_type=code")
                    .contains("scope=signature%20impersonation")
                    .contains("client_id=" + DemoClients.DOCUSIGN_INTEGRATION_KEY));
    assertThat(e.getMessage()).contains(e.consentUrl().get());
  }

  @Test
  void afterTheUserConsentsTheGrantedTokenWorksOnTheirDefaultAccount() {
    String consentUrl =
        catchThrowableOfType(ProviderRejectedException.class, tokens::current)
            .consentUrl()
            .orElseThrow();
    ConsentBrowser.Page consented =
        new ConsentBrowser()
            .authorize(URI.create(consentUrl), ConsentBrowser.Answer.ALLOW, DANA.sub());
    assertThat(consented.location()).isNotNull();
    assertThat(consented.location().toString()).startsWith(CONSENT_REDIRECT + "?code=");

    Secret token = tokens.current();
    Instant now = clock.instant();
    ResolvedIdentity who =
        Providers.create(profile, http, clock)
            .accounts()
            .resolve(
                profile,
                new TokenSet(
                    token, "Bearer", null, null, Set.of(), now, now.plusSeconds(3600), null),
                null);
    Account account = who.defaultAccount().orElseThrow();
    DocuSignApiClient api = new DocuSignApiClient(http, account, tokens);

    assertThat(who.subject()).isEqualTo(DANA.sub());
    assertThat(api.getAccount().accountName()).isEqualTo(account.accountName());
    assertThat(api.listEnvelopes(now.minus(Duration.ofDays(30))).envelopes()).isNotEmpty();
    assertThat(
            emulator
                .stats()
                .tokenRequests(Provider.DOCUSIGN, "urn:ietf:params:oauth:grant-type:jwt-bearer"))
        .isEqualTo(2); // the refused one, then one token reused for every call
  }
}
