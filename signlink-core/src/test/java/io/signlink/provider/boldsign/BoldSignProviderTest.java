package io.signlink.provider.boldsign;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.connection.Account;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.TestHttp;
import io.signlink.provider.oidc.IdTokenClaims;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BoldSign profiles per region, and the BoldSign identity against a real server (WireMock). */
class BoldSignProviderTest {
  static WireMockServer server;
  static RSAKey key;

  MutableClock clock;
  Provider provider;

  @BeforeAll
  static void start() throws Exception {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    key = new RSAKeyGenerator(2048).keyID("bs1").generate();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    server.stubFor(
        get(urlEqualTo("/boldsign/.well-known/openid-configuration/jwks"))
            .willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    String base = "http://127.0.0.1:" + server.port();
    ProviderProfile profile =
        BoldSignProfiles.at(
                URI.create(base + "/boldsign"),
                URI.create(base + "/boldsign-api"),
                "bs-client",
                Secret.of("bs-secret"))
            .build();
    provider = Providers.create(profile, new TestHttp(), clock);
  }

  Secret idToken(String sub) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(provider.profile().issuer())
            .subject(sub)
            .audience("bs-client")
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plusSeconds(3600)))
            .claim("nonce", "n1")
            .claim("email", "ada@example.com")
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bs1").build(), claims);
    jwt.sign(new RSASSASigner(key));
    return Secret.of(jwt.serialize());
  }

  TokenSet tokens() {
    return new TokenSet(
        Secret.of("bs-access"),
        "Bearer",
        Secret.of("bs-refresh"),
        null,
        Set.of("openid"),
        clock.instant(),
        clock.instant().plus(Duration.ofHours(1)),
        null);
  }

  void serveUserinfo(String sub) {
    server.stubFor(
        get(urlEqualTo("/boldsign/connect/userinfo"))
            .willReturn(
                okJson(
                    "{\"sub\":\""
                        + sub
                        + "\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}")));
  }

  @Test
  void regionsHaveTheirOwnAccountAndApiHosts() {
    ProviderProfile eu = BoldSignProfiles.profile(BoldSignRegion.EU, "c", Secret.of("s"));

    assertThat(eu.issuer()).isEqualTo("https://account-eu.boldsign.com");
    assertThat(eu.authorizationEndpoint())
        .isEqualTo(URI.create("https://account-eu.boldsign.com/connect/authorize"));
    assertThat(eu.tokenEndpoint())
        .isEqualTo(URI.create("https://account-eu.boldsign.com/connect/token"));
    assertThat(eu.revocationEndpoint())
        .isEqualTo(URI.create("https://account-eu.boldsign.com/connect/revocation"));
    assertThat(eu.jwksUri())
        .isEqualTo(
            URI.create("https://account-eu.boldsign.com/.well-known/openid-configuration/jwks"));
    assertThat(eu.apiBaseUri()).isEqualTo(URI.create("https://api-eu.boldsign.com/v1"));
    assertThat(BoldSignProfiles.profile(BoldSignRegion.US, "c", Secret.of("s")).apiBaseUri())
        .isEqualTo(URI.create("https://api.boldsign.com/v1"));
    assertThat(BoldSignRegion.AU.accountBaseUri())
        .isEqualTo(URI.create("https://account-au.boldsign.com"));
    assertThat(BoldSignRegion.CA.apiBaseUri())
        .isEqualTo(URI.create("https://api-ca.boldsign.com/v1"));
    assertThat(eu.kind()).isEqualTo(ProviderKind.BOLDSIGN);
    assertThat(eu.openId()).isTrue();
    assertThat(eu.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_POST);
    assertThat(eu.scopes())
        .containsExactly("openid", "profile", "email", "offline_access", "BoldSign.Documents.All");
    assertThat(eu.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void clientSecretBasicIsSelectable() {
    ProviderProfile basic =
        BoldSignProfiles.builder(BoldSignRegion.US, "c", Secret.of("s"))
            .clientAuth(ClientAuthMethod.CLIENT_SECRET_BASIC)
            .build();
    assertThat(basic.clientAuth()).isEqualTo(ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThat(basic.toBuilder().build()).isEqualTo(basic);
  }

  @Test
  void resolvesTheUserAndTheirAccountOnTheRegionalApiHost() throws Exception {
    serveUserinfo("bs-user-1");
    IdTokenClaims claims = provider.idTokens().verify(idToken("bs-user-1"), Secret.of("n1"));

    ResolvedIdentity who = provider.accounts().resolve(provider.profile(), tokens(), claims);

    assertThat(who.subject()).isEqualTo("bs-user-1");
    assertThat(who.accounts())
        .containsExactly(
            new Account(
                "bs-user-1",
                "Ada Lovelace",
                "http://127.0.0.1:" + server.port() + "/boldsign-api",
                true));
    server.verify(
        getRequestedFor(urlEqualTo("/boldsign/connect/userinfo"))
            .withHeader("Authorization", equalTo("Bearer bs-access")));
  }

  // SECURITY.md §userinfo (oidcc-client-test-userinfo-invalid-sub)
  @Test
  void rejectsUserinfoForAnotherSubject() throws Exception {
    serveUserinfo("someone-else");
    IdTokenClaims claims = provider.idTokens().verify(idToken("bs-user-1"), Secret.of("n1"));

    assertThatThrownBy(() -> provider.accounts().resolve(provider.profile(), tokens(), claims))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e -> assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.SUBJECT_MISMATCH));
  }
}
