package io.signlink.it.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionStatus;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.AuthorizationFlowException.Reason;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.TransientException;
import io.signlink.it.providers.ConsentBrowser;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.Pkce;
import io.signlink.oauth.Secret;
import io.signlink.provider.RefreshTokenPolicy;
import io.signlink.provider.definition.ProviderDefinition;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite: what every provider SignLink supports must pass against its emulator
 * profile (or, for generic OpenID Connect, an independent server), over real sockets and through
 * SignLink as a user configures it. Each check states the rule from the provider's documentation
 * ({@link Expectations}) and proves SignLink follows it: the authorization URL, the callback's
 * checks, the code exchange, refresh and the rotation rule, the 401 rule, disconnecting, the
 * mapping of provider errors, and the keep-alive of refresh tokens that die when idle.
 */
class ProviderConformanceTest {
  @TempDir Path dataDir;
  private ConformanceRig rig;

  @AfterEach
  void closeRig() {
    if (rig != null) {
      rig.close();
      rig.provider.reset();
    }
  }

  @AfterAll
  static void stopProviders() {
    ProvidersUnderTest.stopAll();
  }

  private ConformanceRig rig(ProviderUnderTest p) {
    p.reset();
    rig = new ConformanceRig(p, dataDir);
    return rig;
  }

  @EveryProvider
  void theDefinitionStatesWhatTheDocumentationSays(ProviderUnderTest p) {
    ProviderDefinition d = rig(p).definition();
    Expectations expected = p.expectations();

    assertThat(d.pkce()).isEqualTo(expected.pkce());
    assertThat(d.refresh().rotation())
        .isIn(
            ProviderDefinition.Rotation.UNKNOWN,
            expected.rotation() == Expectations.Rotation.ROTATING
                ? ProviderDefinition.Rotation.ROTATING
                : ProviderDefinition.Rotation.REUSED);
    assertThat(d.refresh().idleExpiry()).isEqualTo(expected.idleLimit());
    if (!d.discovery()) { // a discovered provider's revocation endpoint comes from its metadata
      assertThat(d.endpoints().revocation() != null).isEqualTo(expected.revocation());
    }
  }

  @EveryProvider
  void theAuthorizationUrlCarriesStateTheExactRedirectAndPkceWhereSupported(ProviderUnderTest p) {
    AuthorizationStart start = rig(p).begin("owner-1");

    Map<String, String> q = ConsentBrowser.query(start.authorizationUrl());
    assertThat(q.get("response_type")).isEqualTo("code");
    assertThat(q.get("client_id")).isEqualTo(rig.profile().clientId());
    assertThat(q.get("state")).isEqualTo(start.pending().state().reveal()); // SECURITY.md §state
    assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(22); // ≥ 128 bits, base64url
    assertThat(q.get("redirect_uri"))
        .isEqualTo(ConformanceRig.PUBLIC_URL + "/callback/" + p.id()); // SECURITY.md §redirect-uri
    if (p.expectations().pkce()) { // SECURITY.md §pkce
      assertThat(q.get("code_challenge_method")).isEqualTo(Pkce.METHOD);
      assertThat(q.get("code_challenge"))
          .isEqualTo(Pkce.challengeOf(start.pending().codeVerifier()));
    }
  }

  @EveryProvider
  void aConsentedCodeIsExchangedAndTheConnectionStoredAndUsable(ProviderUnderTest p) {
    Connection c = rig(p).connect("owner-1");

    assertThat(c.providerId()).isEqualTo(p.id());
    assertThat(c.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(c.subject()).isNotBlank();
    assertThat(c.tokens().accessToken()).isNotNull();
    assertThat(c.tokens().refreshToken()).isNotNull();
    assertThat(rig.testCall(c)).isNotBlank();
    assertThat(rig.refreshes(c.id())).isZero();
  }

  @EveryProvider
  void theAccessTokenExpiresWhenTheProviderSaysInWhateverFormItAnswers(ProviderUnderTest p) {
    Duration lifetime = p.accessTokenLifetime();
    assumeTrue(lifetime != null, p.id() + ": the fixture does not know its tokens' lifetime");
    Instant before = rig(p).runtime.clock().instant();
    Connection c = rig.connect("owner-1");
    Instant after = rig.runtime.clock().instant();

    // SignNow's code exchange answers the absolute expiry time, its refreshes a lifetime
    // (SECURITY.md §epoch-expires-in); either way the stored expiry is the provider's.
    assertThat(c.tokens().accessExpiresAt())
        .isBetween(before.plus(lifetime).minusSeconds(1), after.plus(lifetime).plusSeconds(1));

    Instant beforeRefresh = rig.runtime.clock().instant();
    rig.runtime.tokens().forceRefresh(c.id());
    Instant afterRefresh = rig.runtime.clock().instant();
    assertThat(rig.stored(c.id()).tokens().accessExpiresAt())
        .isBetween(
            beforeRefresh.plus(lifetime).minusSeconds(1),
            afterRefresh.plus(lifetime).plusSeconds(1));
  }

  @EveryProvider
  void aCallbackWithAForgedStateIsRefusedAndLeavesTheRealOneUsable(ProviderUnderTest p) {
    AuthorizationStart start = rig(p).begin("owner-1");
    URI redirect = p.approve(start.authorizationUrl());
    Map<String, String> forged = ConsentBrowser.query(redirect);
    forged.put("state", "forged-" + forged.get("state"));

    AuthorizationFlowException e =
        catchThrowableOfType(
            AuthorizationFlowException.class,
            () -> rig.runtime.connectFlow().complete(p.id(), forged, null));

    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_STATE); // SECURITY.md §state
    assertThat(rig.runtime.connections().count()).isZero();
    assertThat(rig.complete(redirect).created()).isTrue();
  }

  @EveryProvider
  void theProvidersOwnDenialEndsTheFlowAsDenied(ProviderUnderTest p) {
    AuthorizationStart start = rig(p).begin("owner-1");
    URI redirect =
        p.deny(start.authorizationUrl())
            .orElseGet(() -> callback(p, start, p.expectations().deniedError()));
    assertThat(ConsentBrowser.query(redirect).get("error"))
        .isEqualTo(p.expectations().deniedError());

    AuthorizationFlowException e =
        catchThrowableOfType(AuthorizationFlowException.class, () -> rig.complete(redirect));

    assertThat(e.reason()).isEqualTo(Reason.DENIED); // SECURITY.md §authorization-errors
    assertThat(rig.runtime.connections().count()).isZero();
  }

  @EveryProvider
  void errorCodesOnTheRedirectAreReadWhateverTheirCase(ProviderUnderTest p) {
    rig(p);
    for (String denied : new String[] {"access_denied", "ACCESS_DENIED"}) {
      AuthorizationStart start = rig.begin("owner-1");
      AuthorizationFlowException e =
          catchThrowableOfType(
              AuthorizationFlowException.class, () -> rig.complete(callback(p, start, denied)));
      assertThat(e.reason()).as(denied).isEqualTo(Reason.DENIED);
    }
    AuthorizationStart start = rig.begin("owner-1");
    AuthorizationFlowException e =
        catchThrowableOfType(
            AuthorizationFlowException.class,
            () -> rig.complete(callback(p, start, "SERVER_ERROR")));
    assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
    assertThat(e.getMessage()).contains("SERVER_ERROR");
  }

  @EveryProvider
  void aRefreshStoresTheRefreshTokenTheRotationRuleCallsFor(ProviderUnderTest p) {
    Connection c = rig(p).connect("owner-1");
    Secret original = c.tokens().refreshToken();

    rig.runtime.tokens().forceRefresh(c.id());
    Connection refreshed = rig.stored(c.id());

    assertThat(refreshed.tokens().accessToken()).isNotEqualTo(c.tokens().accessToken());
    if (p.expectations().rotation() == Expectations.Rotation.ROTATING) {
      assertThat(refreshed.tokens().refreshToken()) // SECURITY.md §rotation
          .isNotNull()
          .isNotEqualTo(original);
    } else {
      assertThat(refreshed.tokens().refreshToken()).isEqualTo(original);
    }
    rig.runtime.tokens().forceRefresh(c.id()); // what was kept still works
    assertThat(rig.refreshes(c.id())).isEqualTo(2);
    assertThat(rig.testCall(rig.stored(c.id()))).isNotBlank();
  }

  @EveryProvider
  void aRefusedAccessTokenIsRefreshedOnceAndTheCallRetriedOnce(ProviderUnderTest p) {
    Connection c = rig(p).connect("owner-1");
    assertThat(rig.testCall(c)).isNotBlank();

    p.refuseIssuedAccessTokens(); // SignLink still holds the token as valid

    assertThat(rig.testCall(c)).isNotBlank(); // SECURITY.md §retry-on-401
    assertThat(rig.refreshes(c.id())).isEqualTo(1);
  }

  @EveryProvider
  void disconnectingRevokesAtTheProviderWhereItCanAndAlwaysDeletesLocally(ProviderUnderTest p) {
    Connection c = rig(p).connect("owner-1");
    Secret refreshToken = c.tokens().refreshToken();

    var outcome = rig.runtime.removal().remove(c);

    assertThat(outcome.deleted()).isTrue(); // SECURITY.md §revocation
    assertThat(outcome.revokedAtProvider()).isEqualTo(p.expectations().revocation());
    assertThat(rig.runtime.connections().find(c.id())).isEmpty();
    if (p.expectations().revocation()) {
      ProviderRejectedException refused =
          catchThrowableOfType(
              ProviderRejectedException.class,
              () -> rig.runtime.tokenClient().refresh(rig.profile(c), refreshToken, null));
      assertThat(refused.isInvalidGrant()).isTrue();
    } else {
      assertThat(outcome.revocationProblem()).contains("no revocation endpoint");
    }
  }

  @EveryProvider
  void aFailingTokenEndpointKeepsTheConnectionAndADeadGrantAsksForReconsent(ProviderUnderTest p) {
    Connection c = rig(p).connect("owner-1");

    p.failNextTokenRequests(10, 503);
    assertThat(
            catchThrowableOfType(
                TransientException.class, () -> rig.runtime.tokens().forceRefresh(c.id())))
        .isNotNull();
    assertThat(rig.stored(c.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);

    p.reset();
    rig.close();
    rig = new ConformanceRig(p, dataDir); // the same store, a provider without queued faults
    p.forgetGrants();
    ReauthRequiredException dead =
        catchThrowableOfType(
            ReauthRequiredException.class, () -> rig.runtime.tokens().forceRefresh(c.id()));

    assertThat(dead.connectionId()).isEqualTo(c.id()); // SECURITY.md §dead-grant
    assertThat(rig.stored(c.id()).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);
  }

  @EveryProvider
  void refreshTokensThatDieWhenIdleAreKeptAliveAndOthersAreLeftAlone(ProviderUnderTest p) {
    Duration idle = p.expectations().idleLimit();
    RefreshTokenPolicy policy = rig(p).profile().refreshTokenPolicy(); // what the refresher reads
    assertThat(policy.idleLimit()).isEqualTo(idle);
    if (idle == null) {
      return;
    }
    assumeTrue(p.clock() != null, "the provider's clock cannot be moved");
    MovableClock clock = p.clock();

    // The provider's limit is real: a connection nobody refreshes dies with it.
    Connection forgotten = rig.connect("owner-1");
    clock.advance(idle.plusDays(1));
    assertThat(
            catchThrowableOfType(
                ReauthRequiredException.class,
                () -> rig.runtime.tokens().forceRefresh(forgotten.id())))
        .isNotNull();

    // SignLink's background passes keep an idle connection's refresh token alive past it.
    Connection kept = rig.connect("owner-2");
    clock.advance(idle.minusDays(1));
    rig.runtime.backgroundRefresher().runOnce();
    // SECURITY.md §refresh-keepalive
    assertThat(rig.stored(kept.id()).lastRefreshedAt()).isNotNull();
    clock.advance(Duration.ofDays(2));
    rig.runtime.tokens().forceRefresh(kept.id());
    assertThat(rig.stored(kept.id()).status()).isEqualTo(ConnectionStatus.ACTIVE);
  }

  /** The redirect a provider sends for an error, built for a real pending authorization. */
  private static URI callback(ProviderUnderTest p, AuthorizationStart start, String error) {
    return URI.create(
        ConformanceRig.PUBLIC_URL
            + "/callback/"
            + p.id()
            + "?error="
            + URLEncoder.encode(error, StandardCharsets.UTF_8)
            + "&state="
            + URLEncoder.encode(start.pending().state().reveal(), StandardCharsets.UTF_8));
  }
}
