package io.signlink.provider.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.TestHttp;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery, ID-token verification and userinfo against an independent authorization server
 * (navikt's mock-oauth2-server): SignLink's own tokens are not the only ones it accepts.
 */
class MockOAuth2ServerInteropTest {
  static final String CLIENT = "signlink";
  static MockOAuth2Server server;
  static OidcDiscovery discovery;
  static Provider provider;

  @BeforeAll
  static void start() throws Exception {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    String issuer = server.issuerUrl("default").toString();
    discovery = OidcDiscovery.create(issuer, new TestHttp(), Clock.systemUTC());
    ProviderProfile profile =
        discovery.profile(
            "mock", CLIENT, Secret.of("secret"), ClientAuthMethod.CLIENT_SECRET_BASIC, null);
    provider =
        Providers.discovered(
            discovery, profile, new TestHttp(), Clock.systemUTC(), IdTokenPolicy.defaults());
  }

  @AfterAll
  static void stop() {
    server.shutdown();
  }

  static Secret idToken(String subject, String nonce) {
    return Secret.of(
        server
            .issueToken(
                "default",
                CLIENT,
                new DefaultOAuth2TokenCallback(
                    "default",
                    subject,
                    JOSEObjectType.JWT.getType(),
                    List.of(CLIENT),
                    Map.of("nonce", nonce, "name", "Grace Hopper"),
                    3600))
            .serialize());
  }

  static TokenSet tokens(String accessSubject) {
    Secret access = Secret.of(server.issueToken("default", accessSubject, "anything").serialize());
    Instant now = Instant.now();
    return new TokenSet(
        access, "Bearer", null, null, Set.of("openid"), now, now.plusSeconds(3600), null);
  }

  @Test
  void verifiesTheServersIdTokenFoundThroughDiscovery() {
    IdTokenClaims claims =
        provider.idTokens().verify(idToken("user-1", "nonce-1"), Secret.of("nonce-1"));

    assertThat(claims.issuer()).isEqualTo(discovery.issuer());
    assertThat(claims.subject()).isEqualTo("user-1");
    assertThat(claims.name()).isEqualTo("Grace Hopper");
  }

  @Test
  void rejectsTheServersIdTokenWithAnotherNonce() {
    assertThatThrownBy(
            () -> provider.idTokens().verify(idToken("user-1", "nonce-1"), Secret.of("nonce-2")))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("nonce");
  }

  // SECURITY.md §userinfo: userinfo sub must equal the ID token's sub
  @Test
  void resolvesTheIdentityWhenUserinfoNamesTheSameSubject() {
    IdTokenClaims claims = provider.idTokens().verify(idToken("user-1", "n"), Secret.of("n"));

    ResolvedIdentity who =
        provider.accounts().resolve(provider.profile(), tokens("user-1"), claims);

    assertThat(who.subject()).isEqualTo("user-1");
    assertThat(who.accounts()).isEmpty();
  }

  @Test
  void rejectsUserinfoAboutAnotherSubject() {
    IdTokenClaims claims = provider.idTokens().verify(idToken("user-1", "n"), Secret.of("n"));

    assertThatThrownBy(
            () -> provider.accounts().resolve(provider.profile(), tokens("user-2"), claims))
        .isInstanceOf(InvalidResponseException.class)
        .satisfies(
            e ->
                assertThat(((InvalidResponseException) e).kind())
                    .isEqualTo(InvalidResponseException.Kind.SUBJECT_MISMATCH));
  }
}
