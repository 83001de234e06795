package io.signlink.provider.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.TestHttp;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ID-token validation against a real JWKS server (WireMock) and keys the test controls: the
 * negatives (SECURITY.md §id-token, §jwks-rotation, §userinfo, §refreshed-id-token).
 */
class IdTokenVerifierTest {
  static final String ISSUER = "https://issuer.example";
  static final String CLIENT = "signlink-client";
  static final Secret NONCE = Secret.of("n-0S6_WzA2Mj");

  static WireMockServer server;
  static RSAKey key1;
  static RSAKey key2;
  static RSAKey attacker;
  static ECKey ecKey;

  MutableClock clock;
  IdTokenVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    key1 = new RSAKeyGenerator(2048).keyID("k1").generate();
    key2 = new RSAKeyGenerator(2048).keyID("k2").generate();
    attacker = new RSAKeyGenerator(2048).keyID("k1").generate();
    ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    serveJwks(key1);
    clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    verifier = verifier(IdTokenPolicy.defaults());
  }

  IdTokenVerifier verifier(IdTokenPolicy policy) {
    return new IdTokenVerifier(profile(), new TestHttp(), clock, policy);
  }

  static ProviderProfile profile() {
    return ProviderProfile.builder()
        .id("acme")
        .kind(ProviderKind.OIDC)
        .issuer(ISSUER)
        .authorizationEndpoint(URI.create(ISSUER + "/authorize"))
        .tokenEndpoint(URI.create(ISSUER + "/token"))
        .jwksUri(URI.create("http://127.0.0.1:" + server.port() + "/jwks"))
        .clientId(CLIENT)
        .clientSecret(Secret.of("s3cret"))
        .openId(true)
        .build();
  }

  static void serveJwks(JWK... keys) {
    serveJwksJson(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
  }

  static void serveJwksJson(String json) {
    server.stubFor(get(urlEqualTo("/jwks")).willReturn(okJson(json)));
  }

  static int jwksRequests() {
    return server.findAll(getRequestedFor(urlEqualTo("/jwks"))).size();
  }

  JWTClaimsSet.Builder claims() {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("user-42")
        .audience(CLIENT)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .claim("nonce", NONCE.reveal())
        .claim("name", "Ada Lovelace")
        .claim("email", "ada@example.com");
  }

  static Secret sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    return sign(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        claims,
        new RSASSASigner(key));
  }

  static Secret sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return Secret.of(jwt.serialize());
  }

  AbstractThrowableAssert<?, ? extends Throwable> assertRejected(Secret token, String check) {
    return assertThatThrownBy(() -> verifier.verify(token, NONCE))
        .isInstanceOf(InvalidResponseException.class)
        .satisfies(
            e ->
                assertThat(((InvalidResponseException) e).kind())
                    .isEqualTo(InvalidResponseException.Kind.INVALID_ID_TOKEN))
        .hasMessageContaining(check)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(token.reveal())
                    .doesNotContain(NONCE.reveal()));
  }

  // SECURITY.md §id-token (oidcc-client-test-idtoken-sig-rs256)
  @Test
  void acceptsValidRs256Token() throws Exception {
    IdTokenClaims c = verifier.verify(sign(key1, claims().build()), NONCE);

    assertThat(c.issuer()).isEqualTo(ISSUER);
    assertThat(c.subject()).isEqualTo("user-42");
    assertThat(c.audience()).containsExactly(CLIENT);
    assertThat(c.name()).isEqualTo("Ada Lovelace");
    assertThat(c.email()).isEqualTo("ada@example.com");
    assertThat(c.expiresAt()).isEqualTo(clock.instant().plusSeconds(300));
  }

  @Test
  void acceptsValidEs256Token() throws Exception {
    serveJwks(ecKey);
    Secret token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec1").build(),
            claims().build(),
            new ECDSASigner(ecKey));

    assertThat(verifier.verify(token, NONCE).subject()).isEqualTo("user-42");
  }

  // SECURITY.md §id-token (oidcc-client-test-invalid-sig-rs256)
  @Test
  void rejectsBadSignature() throws Exception {
    assertRejected(sign(attacker, claims().build()), "signature");
  }

  // SECURITY.md §id-token (oidcc-client-test-invalid-iss)
  @Test
  void rejectsWrongIssuer() throws Exception {
    assertRejected(
        sign(key1, claims().issuer("https://evil.example").build()), "iss does not equal");
  }

  @Test
  void rejectsIssuerWithTrailingSlashOrOtherCase() throws Exception {
    assertRejected(sign(key1, claims().issuer(ISSUER + "/").build()), "iss does not equal");
    assertRejected(
        sign(key1, claims().issuer("https://Issuer.example").build()), "iss does not equal");
  }

  @Test
  void rejectsMissingIssuer() throws Exception {
    assertRejected(sign(key1, claims().issuer(null).build()), "iss is missing");
  }

  // SECURITY.md §id-token (oidcc-client-test-invalid-aud)
  @Test
  void rejectsWrongAudience() throws Exception {
    assertRejected(sign(key1, claims().audience("another-client").build()), "aud does not contain");
  }

  // SECURITY.md §id-token (oidcc-client-test-missing-aud)
  @Test
  void rejectsMissingAudience() throws Exception {
    assertRejected(sign(key1, claims().audience((String) null).build()), "aud is missing");
  }

  // SECURITY.md §id-token (-invalid-secondary-aud)
  @Test
  void rejectsUntrustedSecondAudienceEvenWithAzp() throws Exception {
    assertRejected(
        sign(key1, claims().audience(List.of(CLIENT, "other")).claim("azp", CLIENT).build()),
        "audience this client does not trust");
  }

  @Test
  void rejectsSeveralAudiencesWithoutAzp() throws Exception {
    verifier = verifier(IdTokenPolicy.defaults().withTrustedAudiences(Set.of("api")));
    assertRejected(sign(key1, claims().audience(List.of(CLIENT, "api")).build()), "azp is missing");
  }

  @Test
  void rejectsSeveralAudiencesWithWrongAzp() throws Exception {
    verifier = verifier(IdTokenPolicy.defaults().withTrustedAudiences(Set.of("api")));
    assertRejected(
        sign(key1, claims().audience(List.of(CLIENT, "api")).claim("azp", "api").build()),
        "azp is not this client's id");
  }

  // SECURITY.md §id-token (-valid-aud-as-array)
  @Test
  void acceptsTrustedSecondAudienceWithAzp() throws Exception {
    verifier = verifier(IdTokenPolicy.defaults().withTrustedAudiences(Set.of("api")));
    Secret token =
        sign(key1, claims().audience(List.of(CLIENT, "api")).claim("azp", CLIENT).build());

    assertThat(verifier.verify(token, NONCE).authorizedParty()).isEqualTo(CLIENT);
  }

  // SECURITY.md §nonce (oidcc-client-test-nonce-invalid)
  @Test
  void rejectsWrongNonce() throws Exception {
    assertRejected(
        sign(key1, claims().claim("nonce", "another-nonce").build()), "nonce does not match");
  }

  @Test
  void rejectsMissingNonce() throws Exception {
    assertRejected(sign(key1, claims().claim("nonce", null).build()), "nonce is missing");
  }

  // SECURITY.md §id-token (invalid-expired-exp)
  @Test
  void rejectsTokenExpiredBeyondLeeway() throws Exception {
    Secret token =
        sign(key1, claims().expirationTime(Date.from(clock.instant().minusSeconds(61))).build());
    assertRejected(token, "expired");
  }

  @Test
  void acceptsTokenExpiredWithinLeeway() throws Exception {
    Secret token =
        sign(key1, claims().expirationTime(Date.from(clock.instant().minusSeconds(59))).build());
    assertThat(verifier.verify(token, NONCE).subject()).isEqualTo("user-42");
  }

  @Test
  void rejectsTokenIssuedInTheFutureBeyondLeeway() throws Exception {
    Secret token =
        sign(key1, claims().issueTime(Date.from(clock.instant().plusSeconds(61))).build());
    assertRejected(token, "iat is in the future");
  }

  // SECURITY.md §id-token: a configured leeway of 5 min accepts an iat 4 min ahead; more than 5 min
  // is refused.
  @Test
  void honoursConfiguredLeewayUpToFiveMinutes() throws Exception {
    verifier = verifier(IdTokenPolicy.defaults().withLeeway(Duration.ofMinutes(5)));
    Secret token =
        sign(key1, claims().issueTime(Date.from(clock.instant().plusSeconds(240))).build());

    assertThat(verifier.verify(token, NONCE).subject()).isEqualTo("user-42");
    assertThatThrownBy(() -> IdTokenPolicy.defaults().withLeeway(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // SECURITY.md §id-token (oidcc-client-test-missing-sub)
  @Test
  void rejectsMissingSubject() throws Exception {
    assertRejected(sign(key1, claims().subject(null).build()), "sub is missing");
  }

  // SECURITY.md §id-token (oidcc-client-test-missing-iat)
  @Test
  void rejectsMissingIssuedAt() throws Exception {
    assertRejected(sign(key1, claims().issueTime(null).build()), "iat is missing");
  }

  @Test
  void rejectsMissingExpiry() throws Exception {
    assertRejected(sign(key1, claims().expirationTime(null).build()), "exp is missing");
  }

  // SECURITY.md §id-token (oidcc-client-test-idtoken-sig-none: our bar is reject)
  @Test
  void rejectsUnsignedToken() throws Exception {
    Secret plain = Secret.of(new PlainJWT(claims().build()).serialize());
    assertRejected(plain, "alg none");
    assertThat(jwksRequests()).isZero();
  }

  // SECURITY.md §id-token (-invalid-null-alg): "alg":"none" with a bogus signature part
  @Test
  void rejectsNoneAlgorithmWithSignaturePart() throws Exception {
    String header =
        Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
            .toString();
    String body = claims().build().toPayload().toBase64URL().toString();
    assertThatThrownBy(() -> verifier.verify(Secret.of(header + "." + body + ".c2ln"), NONCE))
        .isInstanceOf(InvalidResponseException.class);
  }

  // SECURITY.md §id-token (-invalid-sig-hs256 / key-confusion): HS256 keyed with the RSA public key
  @Test
  void rejectsHs256SignedWithThePublicKeyAsSecret() throws Exception {
    byte[] publicKeyBytes = key1.toRSAPublicKey().getEncoded();
    Secret token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
            claims().build(),
            new MACSigner(publicKeyBytes));

    assertRejected(token, "algorithm HS256 is not accepted");
    assertThatThrownBy(
            () ->
                new IdTokenPolicy(
                    Set.of(JWSAlgorithm.HS256),
                    Duration.ZERO,
                    Set.of(),
                    Duration.ZERO,
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // SECURITY.md §jwks-rotation (a) oidcc-client-test-kid-absent-single-jwks
  @Test
  void acceptsTokenWithoutKidWhenTheJwksHasOneKey() throws Exception {
    Secret token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
            claims().build(),
            new RSASSASigner(key1));
    assertThat(verifier.verify(token, NONCE).subject()).isEqualTo("user-42");
  }

  // SECURITY.md §jwks-rotation (b) oidcc-client-test-kid-absent-multiple-jwks: policy = reject
  @Test
  void rejectsTokenWithoutKidWhenTheJwksHasSeveralKeys() throws Exception {
    serveJwks(key1, key2);
    Secret token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
            claims().build(),
            new RSASSASigner(key1));
    assertRejected(token, "no kid and the provider's JWKS holds 2 keys");
  }

  // SECURITY.md §jwks-rotation (c) oidcc-client-test-signing-key-rotation
  @Test
  void unknownKidRefetchesTheJwksOnceAndAcceptsTheRotatedKey() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    assertThat(jwksRequests()).isEqualTo(1);

    serveJwks(key1, key2); // the provider rotates
    clock.advance(Duration.ofMinutes(2));
    Secret rotated = sign(key2, claims().build());

    assertThat(verifier.verify(rotated, NONCE).subject()).isEqualTo("user-42");
    assertThat(jwksRequests()).isEqualTo(2);
    verifier.verify(rotated, NONCE);
    verifier.verify(sign(key1, claims().build()), NONCE);
    assertThat(jwksRequests()).isEqualTo(2);
  }

  // SECURITY.md §jwks-rotation (d): still unknown after the refetch
  @Test
  void rejectsKidStillUnknownAfterRefetch() throws Exception {
    clock.advance(Duration.ofMinutes(1));
    assertRejected(sign(key2, claims().build()), "unknown_kid");
    assertThat(jwksRequests()).isEqualTo(2); // the first fetch, then the kid's own refetch
    assertRejected(sign(key2, claims().build()), "unknown_kid");
    assertThat(jwksRequests()).isEqualTo(2); // that kid had its turn
  }

  // SECURITY.md §jwks-rotation: a provider rotating twice within seconds is followed both times
  @Test
  void rotationsSecondsApartEachGetTheirRefetch() throws Exception {
    RSAKey key3 = new RSAKeyGenerator(2048).keyID("k3").generate();
    RSAKey key4 = new RSAKeyGenerator(2048).keyID("k4").generate();
    verifier.verify(sign(key1, claims().build()), NONCE);
    clock.advance(Duration.ofMinutes(2));

    serveJwks(key1, key2);
    assertThat(verifier.verify(sign(key2, claims().build()), NONCE).subject()).isNotNull();
    clock.advance(Duration.ofSeconds(3));
    serveJwks(key2, key3); // the second rotation, three seconds later, drops key1
    assertThat(verifier.verify(sign(key3, claims().build()), NONCE).subject()).isNotNull();
    clock.advance(Duration.ofSeconds(3));
    serveJwks(key3, key4); // a third within the same minute
    assertThat(verifier.verify(sign(key4, claims().build()), NONCE).subject()).isNotNull();

    assertThat(jwksRequests()).isEqualTo(4);
  }

  // SECURITY.md §jwks-rotation: the rotation allowance is not a hole for random kids
  @Test
  void randomKidsAfterARotationGetOneRefetchBetweenThem() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    clock.advance(Duration.ofMinutes(2));
    serveJwks(key1, key2);
    verifier.verify(sign(key2, claims().build()), NONCE); // a real rotation: fetch 2
    for (int i = 0; i < 20; i++) {
      RSAKey fake = new RSAKey.Builder(key2).keyID(UUID.randomUUID().toString()).build();
      Secret token = sign(fake, claims().build());
      assertThatThrownBy(() -> verifier.verify(token, NONCE))
          .isInstanceOf(InvalidResponseException.class);
    }
    assertThat(jwksRequests()).isEqualTo(3); // the first random kid found nothing new: no more
  }

  // SECURITY.md §jwks-rotation: a global cap per minute, whatever the provider does
  @Test
  void endlessRotationIsCappedPerMinute() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 12; i++) {
      RSAKey next = new RSAKeyGenerator(2048).keyID("r" + i).generate();
      serveJwks(next);
      Secret token = sign(next, claims().build());
      try {
        verifier.verify(token, NONCE);
      } catch (InvalidResponseException expectedOnceCapped) {
        // beyond the cap the kid stays unknown until the minute has passed
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(jwksRequests()).isEqualTo(1 + JwkSetCache.MAX_REFETCHES_PER_MINUTE);
  }

  // SECURITY.md §jwks-rotation: the provider's Cache-Control decides how long keys are kept
  @Test
  void honoursTheJwksCacheControlMaxAge() throws Exception {
    server.stubFor(
        get(urlEqualTo("/jwks"))
            .willReturn(
                okJson(new JWKSet(List.of(key1)).toPublicJWKSet().toString())
                    .withHeader("Cache-Control", "public, max-age=120")));
    verifier.verify(sign(key1, claims().build()), NONCE);
    clock.advance(Duration.ofSeconds(119));
    verifier.verify(sign(key1, claims().build()), NONCE);
    assertThat(jwksRequests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    verifier.verify(sign(key1, claims().build()), NONCE);
    assertThat(jwksRequests()).isEqualTo(2);
  }

  // SECURITY.md §jwks-rotation: no-store still keeps the keys for the minimum refetch interval
  @Test
  void aJwksMarkedNoStoreIsRevalidatedAtMostEveryRefetchInterval() throws Exception {
    server.stubFor(
        get(urlEqualTo("/jwks"))
            .willReturn(
                okJson(new JWKSet(List.of(key1)).toPublicJWKSet().toString())
                    .withHeader("Cache-Control", "no-store")));
    for (int i = 0; i < 10; i++) {
      verifier.verify(sign(key1, claims().build()), NONCE);
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(jwksRequests()).isEqualTo(2); // t=0 and t=30 s
  }

  // SECURITY.md §jwks-rotation (e)
  @Test
  void floodOfRandomKidsFetchesTheJwksAtMostOncePerThirtySeconds() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    for (int i = 0; i < 60; i++) {
      RSAKey fake = new RSAKey.Builder(key2).keyID(UUID.randomUUID().toString()).build();
      Secret token = sign(fake, claims().build());
      assertThatThrownBy(() -> verifier.verify(token, NONCE))
          .isInstanceOf(InvalidResponseException.class);
      clock.advance(Duration.ofSeconds(1)); // 60 tokens over 60 s
    }
    // first fetch at t=0 (the valid token), then at most one per 30 s: t=30 and t=60 would be the
    // limit
    assertThat(jwksRequests()).isBetween(2, 3);
  }

  // SECURITY.md §id-token (oidcc-client-test-ignores-unparseable-key-in-jwks)
  @Test
  void ignoresUnparseableAndUnknownKeysInTheJwks() throws Exception {
    String real = key1.toPublicJWK().toJSONString();
    serveJwksJson(
        "{\"keys\":[{\"kty\":\"AKP\",\"kid\":\"pq\",\"alg\":\"ML-DSA-44\",\"pub\":\"AAAA\"},"
            + "{\"kty\":\"RSA\",\"kid\":\"broken\"},\"not-an-object\",{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"},"
            + real
            + "]}");

    assertThat(verifier.verify(sign(key1, claims().build()), NONCE).subject()).isEqualTo("user-42");
  }

  // SECURITY.md §id-token: a jku header pointing elsewhere is never followed
  @Test
  void ignoresJkuHeaderPointingElsewhere() throws Exception {
    server.stubFor(
        get(urlEqualTo("/attacker-jwks"))
            .willReturn(okJson(new JWKSet(attacker.toPublicJWK()).toString())));
    URI jku = URI.create("http://127.0.0.1:" + server.port() + "/attacker-jwks");
    Secret token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("k1")
                .jwkURL(jku)
                .jwk(attacker.toPublicJWK())
                .build(),
            claims().build(),
            new RSASSASigner(attacker));

    assertRejected(token, "signature");
    assertThat(server.findAll(getRequestedFor(urlEqualTo("/attacker-jwks")))).isEmpty();
  }

  // SECURITY.md §jwks-rotation: JWKS down while the kid is cached → the cached key serves
  @Test
  void keepsVerifyingWithCachedKeysWhileTheJwksEndpointIsDown() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    server.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withStatus(503)));
    clock.advance(Duration.ofHours(2)); // past jwksMaxAge: a refresh is tried and fails

    assertThat(verifier.verify(sign(key1, claims().build()), NONCE).subject()).isEqualTo("user-42");
    assertThat(jwksRequests()).isEqualTo(2);
  }

  // SECURITY.md §jwks-rotation: unknown kid and JWKS down → retryable failure
  @Test
  void unknownKidWhileTheJwksEndpointIsDownFailsRetryably() throws Exception {
    verifier.verify(sign(key1, claims().build()), NONCE);
    server.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withStatus(503)));
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> verifier.verify(sign(key2, claims().build()), NONCE))
        .isInstanceOf(TransientException.class);
  }

  // SECURITY.md §jwks-rotation: a JWKS that was never reachable is not fetched on every token
  @Test
  void jwksThatIsDownFromTheStartIsNotFetchedForEveryToken() throws Exception {
    server.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withStatus(502)));
    Secret token = sign(key1, claims().build());

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> verifier.verify(token, NONCE))
          .isInstanceOf(TransientException.class);
    }
    assertThat(jwksRequests()).isEqualTo(1);

    serveJwks(key1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(verifier.verify(token, NONCE).subject()).isEqualTo("user-42");
  }

  @Test
  void openIdProfileWithoutJwksUriIsAConfigurationError() {
    ProviderProfile noJwks = profile().toBuilder().jwksUri(null).build();
    assertThatThrownBy(() -> IdTokenVerifier.create(noJwks, new TestHttp(), clock))
        .isInstanceOf(io.signlink.error.ConfigurationException.class)
        .hasMessageContaining("jwks");
  }

  // SECURITY.md §refreshed-id-token (oidcc-client-test-refresh-token-invalid-sub/-issuer/-aud/-azp)
  @Test
  void refreshedTokenMustKeepIssuerSubjectAudienceAndAzp() throws Exception {
    IdTokenClaims original = verifier.verify(sign(key1, claims().build()), NONCE);
    clock.advance(Duration.ofMinutes(30));

    IdTokenClaims same =
        verifier.verifyRefreshed(sign(key1, claims().claim("nonce", null).build()), original);
    assertThat(same.subject()).isEqualTo("user-42");

    assertThatThrownBy(
            () ->
                verifier.verifyRefreshed(sign(key1, claims().subject("user-43").build()), original))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("another sub");
    IdTokenClaims foreignIssuer =
        new IdTokenClaims(
            "https://other.example",
            "user-42",
            List.of(CLIENT),
            null,
            original.issuedAt(),
            original.expiresAt(),
            null,
            null);
    assertThatThrownBy(() -> verifier.verifyRefreshed(sign(key1, claims().build()), foreignIssuer))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("another iss");
    IdTokenClaims otherAud =
        new IdTokenClaims(
            ISSUER,
            "user-42",
            List.of(CLIENT, "api"),
            CLIENT,
            original.issuedAt(),
            original.expiresAt(),
            null,
            null);
    assertThatThrownBy(() -> verifier.verifyRefreshed(sign(key1, claims().build()), otherAud))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("another aud");
    assertThatThrownBy(
            () ->
                verifier.verifyRefreshed(
                    sign(key1, claims().claim("azp", CLIENT).build()), original))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("another azp");
  }

  @Test
  void refreshedTokenIsStillFullyValidated() throws Exception {
    IdTokenClaims original = verifier.verify(sign(key1, claims().build()), NONCE);
    assertThatThrownBy(() -> verifier.verifyRefreshed(sign(attacker, claims().build()), original))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void rejectsGarbageWithoutEchoingIt() {
    assertRejected(Secret.of("not.a.jwt-at-all"), "not a well-formed JWT");
  }
}
