package io.signlink.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.error.ProviderRejectedException;
import io.signlink.oauth.Secret;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DocuSign's JWT grant assertion and its one-time consent URL (docs/PROVIDERS.md "JWT consent").
 */
class DocuSignJwtAssertionTest {
  static RSAKey key;
  static RSAKey otherKey;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  final ProviderProfile demo =
      DocuSignProfiles.profile(DocuSignEnvironment.DEMO, "ik-123", Secret.of("s"), false);
  final URI redirect = URI.create("https://app.example/callback/docusign");

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).generate();
    otherKey = new RSAKeyGenerator(2048).generate();
  }

  @Test
  void assertionHasTheBareHostAsAudienceAndABackdatedIat() throws Exception {
    Secret assertion =
        new DocuSignJwtAssertion(clock).create(demo, "user-guid", key.toRSAPrivateKey());

    SignedJWT jwt = SignedJWT.parse(assertion.reveal());
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))).isTrue();
    assertThat(jwt.verify(new RSASSAVerifier(otherKey.toRSAPublicKey()))).isFalse();
    assertThat(c.getIssuer()).isEqualTo("ik-123");
    assertThat(c.getSubject()).isEqualTo("user-guid");
    assertThat(c.getAudience()).containsExactly("account-d.docusign.com");
    assertThat(c.getIssueTime()).isEqualTo(Date.from(clock.instant().minusSeconds(60)));
    assertThat(c.getExpirationTime())
        .isEqualTo(Date.from(clock.instant().minusSeconds(60).plus(Duration.ofHours(1))));
    assertThat(c.getStringClaim("scope")).isEqualTo("signature impersonation");
  }

  @Test
  void productionAndEmulatorAudiences() {
    ProviderProfile prod =
        DocuSignProfiles.profile(DocuSignEnvironment.PRODUCTION, "ik", Secret.of("s"), false);
    ProviderProfile emulator =
        DocuSignProfiles.at(
                URI.create("http://127.0.0.1:8089/docusign"), "ik", Secret.of("s"), false)
            .build();

    assertThat(DocuSignJwtAssertion.audience(prod)).isEqualTo("account.docusign.com");
    assertThat(DocuSignJwtAssertion.audience(emulator)).isEqualTo("127.0.0.1:8089");
  }

  @Test
  void backdateIsBounded() {
    assertThatThrownBy(() -> new DocuSignJwtAssertion(clock, Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void consentUrlIsTheDocumentedOneTimeUrl() {
    URI url = DocuSignConsent.url(demo, redirect, DocuSignJwtAssertion.SCOPES);

    assertThat(url.toString())
        .startsWith(
            "https://account-d.docusign.com/oauth/auth?response_type=code"
                + "&scope=signature%20impersonation&client_id=ik-123&redirect_uri=");
    assertThat(
            URLDecoder.decode(
                url.getRawQuery().replaceAll(".*redirect_uri=", ""), StandardCharsets.UTF_8))
        .isEqualTo(redirect.toString());
  }

  // docs/PROVIDERS.md "JWT consent"
  @Test
  void consentRequiredCarriesTheConsentUrl() {
    ProviderRejectedException fromTokenEndpoint =
        new ProviderRejectedException("docusign", "consent_required", null, 400, null, null);

    assertThatThrownBy(
            () ->
                DocuSignConsent.mapConsentRequired(
                    () -> {
                      throw fromTokenEndpoint;
                    },
                    demo,
                    redirect))
        .isInstanceOfSatisfying(
            ProviderRejectedException.class,
            e -> {
              assertThat(e.oauthError()).isEqualTo("consent_required");
              assertThat(e.consentUrl())
                  .contains(
                      DocuSignConsent.url(demo, redirect, DocuSignJwtAssertion.SCOPES).toString());
              assertThat(e.getMessage())
                  .contains("consent")
                  .contains("account-d.docusign.com/oauth/auth");
            });
  }

  @Test
  void otherErrorsPassThroughUnchanged() {
    ProviderRejectedException invalidGrant =
        new ProviderRejectedException(
            "docusign", "invalid_grant", "user not found", 400, null, null);

    assertThat(DocuSignConsent.withConsentUrl(invalidGrant, demo, redirect)).isSameAs(invalidGrant);
    assertThat(DocuSignConsent.mapConsentRequired(() -> "token", demo, redirect))
        .isEqualTo("token");
  }

  @Test
  void profileHasDocuSignsEndpointsAndScopes() {
    ProviderProfile extended =
        DocuSignProfiles.builder(DocuSignEnvironment.DEMO, "ik", Secret.of("s"), true)
            .extraAuthorizationParameters(java.util.Map.of("prompt", "login"))
            .build();

    assertThat(demo.scopes()).containsExactly("signature");
    assertThat(extended.scopes()).containsExactly("signature", "extended");
    assertThat(extended.extraAuthorizationParameters()).containsEntry("prompt", "login");
    assertThat(demo.tokenEndpoint())
        .isEqualTo(URI.create("https://account-d.docusign.com/oauth/token"));
    assertThat(demo.userinfoEndpoint())
        .isEqualTo(URI.create("https://account-d.docusign.com/oauth/userinfo"));
    assertThat(demo.revocationEndpoint()).isNull();
    assertThat(demo.jwksUri()).isNull();
    assertThat(demo.openId()).isFalse();
    assertThat(demo.clientAuth())
        .isEqualTo(io.signlink.provider.ClientAuthMethod.CLIENT_SECRET_BASIC);
    assertThat(demo.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(List.of(demo.issuer())).containsExactly("https://account-d.docusign.com");
  }
}
