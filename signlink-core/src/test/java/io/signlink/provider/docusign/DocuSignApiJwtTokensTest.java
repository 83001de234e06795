package io.signlink.provider.docusign;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DocuSignApiJwtTokensTest {
  private static final WireMockServer docusign = new WireMockServer(options().dynamicPort());
  private static RSAPrivateKey key;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private DocuSignApiJwtTokens tokens;

  @BeforeAll
  static void start() throws Exception {
    docusign.start();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
  }

  @AfterAll
  static void stop() {
    docusign.stop();
  }

  @BeforeEach
  void setUp() {
    docusign.resetAll();
    ProviderProfile profile =
        DocuSignProfiles.at(URI.create(docusign.baseUrl() + "/ds"), "ik-1", Secret.of("s"), false)
            .build();
    tokens =
        new DocuSignApiJwtTokens(
            new TokenClient(new JdkHttpTransport(), clock),
            profile,
            new DocuSignJwtAssertion(clock),
            "user-guid",
            key,
            URI.create("https://app.example/consent-done"),
            clock);
  }

  @Test
  void consentRequiredCarriesTheConsentUrl() { // docs/PROVIDERS.md "JWT consent"
    docusign.stubFor(
        post("/ds/oauth/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"consent_required\"}")));

    ProviderRejectedException e =
        catchThrowableOfType(ProviderRejectedException.class, tokens::current);

    assertThat(e.oauthError()).isEqualTo("consent_required");
    assertThat(e.consentUrl())
        .hasValueSatisfying(
            url ->
                assertThat(url)
                    .startsWith(docusign.baseUrl() + "/ds/oauth/auth?response_type=code")
                    .contains("scope=signature%20impersonation")
                    .contains("client_id=ik-1")
                    .contains("redirect_uri=https%3A%2F%2Fapp.example%2Fconsent-done"));
    assertThat(e.getMessage()).doesNotContain("eyJ"); // no assertion in the message
  }

  @Test
  void aGrantedTokenIsReusedAndTheAssertionTravelsInTheBody() { // RFC 7523 §2.1
    docusign.stubFor(
        post("/ds/oauth/token")
            .willReturn(
                okJson(
                    "{\"access_token\": \"jwt-at\", \"token_type\": \"Bearer\", \"expires_in\": 3600}")));

    assertThat(tokens.current()).isEqualTo(Secret.of("jwt-at"));
    assertThat(tokens.current()).isEqualTo(Secret.of("jwt-at"));

    docusign.verify(
        1,
        postRequestedFor(urlPathEqualTo("/ds/oauth/token"))
            .withRequestBody(
                containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
            .withRequestBody(containing("assertion=eyJ")));
  }
}
