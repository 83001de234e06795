package io.signlink.it.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.signlink.connection.Account;
import io.signlink.connection.Connection;
import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.SeedAccount;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.docusign.DocuSignApiAccount;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.provider.docusign.DocuSignApiEnvelope;
import io.signlink.provider.docusign.DocuSignApiEnvelopeList;
import io.signlink.provider.docusign.DocuSignProfiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DocuSign end to end over real sockets, driven through SignLink's own code: consent, tokens in the
 * encrypted SQLite store, userinfo and the default account's {@code base_uri}, the account and
 * envelope APIs, refresh, and the 401/403 rules.
 */
class DocuSignEndToEndTest {
  private static final SeedUser DANA = SeedUsers.DOCUSIGN.get(0);
  private static final SeedUser KEIKO = SeedUsers.DOCUSIGN.get(2); // three accounts
  private static Emulator emulator;
  private static ProviderProfile profile;

  @TempDir Path dataDir;
  private SignLinkRig signlink;
  private final ConsentBrowser browser = new ConsentBrowser();

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
    emulator.faults().clear();
    signlink =
        new SignLinkRig(
            dataDir, Providers.create(profile, new JdkHttpTransport(), Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    signlink.close();
  }

  private DocuSignApiClient api(Connection c) {
    return DocuSignApiClient.forConnection(
        signlink.http, signlink.apiSettings, c, signlink.bearer(c.id()));
  }

  private static SeedAccount defaultAccount(SeedUser user) {
    return user.accounts().stream().filter(SeedAccount::isDefault).findFirst().orElseThrow();
  }

  @Test
  void consentsFindsTheDefaultAccountCallsItRefreshesAndListsEnvelopes() {
    Connection c = signlink.connect("docusign", "owner-1", browser, DANA.sub()).connection();

    Connection stored = signlink.stored(c.id());
    SeedAccount expected = defaultAccount(DANA);
    assertThat(stored.subject()).isEqualTo(DANA.sub());
    assertThat(stored.accountId()).isEqualTo(expected.accountId());
    assertThat(stored.baseUri())
        .isEqualTo(emulator.docuSignApiBase().toString()); // from userinfo, SECURITY.md §scopes
    assertThat(stored.accounts()).hasSize(DANA.accounts().size());
    assertThat(emulator.stats().count("docusign.userinfo")).isEqualTo(1); // read once at consent

    DocuSignApiAccount account = api(stored).getAccount();
    assertThat(account.accountId()).isEqualTo(expected.accountId());
    assertThat(account.accountName()).isEqualTo(expected.accountName());
    assertThat(account.planName()).isEqualTo(expected.planName());

    Secret refreshBefore = stored.tokens().refreshToken();
    signlink.tokens.forceRefresh(c.id());
    assertThat(signlink.stored(c.id()).tokens().refreshToken())
        .isNotEqualTo(refreshBefore); // SECURITY.md §rotation
    assertThat(emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token")).isEqualTo(1);

    DocuSignApiEnvelopeList envelopes =
        api(stored).listEnvelopes(Instant.now().minus(Duration.ofDays(30)));
    assertThat(envelopes.envelopes())
        .isNotEmpty()
        .extracting(DocuSignApiEnvelope::status)
        .isSubsetOf("created", "sent", "delivered", "completed", "declined", "voided");
    assertThat(envelopes.totalSetSize()).isEqualTo(envelopes.envelopes().size());
  }

  @Test
  void aUserWithThreeAccountsHasAllOfThemRecordedAndTheDefaultChosen() {
    Connection c = signlink.connect("docusign", "owner-2", browser, KEIKO.sub()).connection();

    Connection stored = signlink.stored(c.id());
    assertThat(stored.accounts())
        .extracting(Account::accountId)
        .containsExactlyInAnyOrderElementsOf(
            KEIKO.accounts().stream().map(SeedAccount::accountId).toList());
    assertThat(stored.accounts())
        .filteredOn(Account::isDefault)
        .extracting(Account::accountId)
        .containsExactly(defaultAccount(KEIKO).accountId());
    assertThat(stored.accountId())
        .isEqualTo(defaultAccount(KEIKO).accountId()); // not the first listed

    for (Account account :
        stored.accounts()) { // every recorded account is usable with the one token
      DocuSignApiClient client =
          new DocuSignApiClient(signlink.http, account, signlink.bearer(c.id()));
      assertThat(client.getAccount().accountName()).isEqualTo(account.accountName());
    }
  }

  @Test
  void anAccountOfAnotherUserIsA403WithoutARefresh() { // SECURITY.md §retry-on-401
    Connection c = signlink.connect("docusign", "owner-1", browser, DANA.sub()).connection();
    Account notDanas =
        new Account(
            defaultAccount(KEIKO).accountId(),
            "Tanaka",
            emulator.docuSignApiBase().toString(),
            false);

    ProviderRejectedException e =
        catchThrowableOfType(
            ProviderRejectedException.class,
            () ->
                new DocuSignApiClient(signlink.http, notDanas, signlink.bearer(c.id()))
                    .getAccount());

    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.oauthError()).isEqualTo("USER_LACKS_MEMBERSHIP");
    assertThat(emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token")).isZero();
  }

  @Test
  void anExpiredTokenIsRefreshedOnceOnThe401AndTheCallRetried() { // SECURITY.md §retry-on-401
    Connection c = signlink.connect("docusign", "owner-1", browser, DANA.sub()).connection();
    api(c).getAccount();

    emulator.expireAccessTokens(); // SignLink still believes in its 8-hour token

    assertThat(api(c).getAccount().accountId()).isEqualTo(c.accountId());
    assertThat(emulator.stats().count("docusign.api.unauthorized")).isEqualTo(1);
    assertThat(emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token")).isEqualTo(1);
  }

  @Test
  void aTokenRefusedEvenAfterRefreshIsAnErrorNotALoop() { // SECURITY.md §retry-on-401
    Connection c = signlink.connect("docusign", "owner-1", browser, DANA.sub()).connection();
    emulator.faults().failNextApiRequests(2, 401);

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, () -> api(c).getAccount());

    // The provider's own code is carried (DocuSign's errorCode), with the 401 it came with.
    assertThat(e.oauthError()).isEqualTo("AUTHORIZATION_INVALID_TOKEN");
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(emulator.stats().count("docusign.api.accounts.get")).isEqualTo(2);
    assertThat(emulator.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token")).isEqualTo(1);
  }
}
