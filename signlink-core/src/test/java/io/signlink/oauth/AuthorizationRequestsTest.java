package io.signlink.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationRequestsTest {
  private static final URI REDIRECT = URI.create("https://app.example/callback/boldsign");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final AuthorizationRequests requests = new AuthorizationRequests(clock);
  private final ProviderProfile oauth =
      TestProfiles.oauth("boldsign", "https://as.example").build();
  private final ProviderProfile oidc =
      TestProfiles.oauth("oidc", "https://idp.example")
          .openId(true)
          .scopes(List.of("openid", "email"))
          .extraAuthorizationParameters(Map.of("prompt", "login"))
          .build();

  private static Map<String, List<String>> query(URI uri) {
    return URLUtils.parseParameters(uri.getRawQuery());
  }

  private static String one(Map<String, List<String>> q, String name) {
    assertThat(q.get(name)).as(name).hasSize(1);
    return q.get(name).get(0);
  }

  @Test
  void buildsACodeRequestWithPkceS256AndState() { // SECURITY.md §pkce, §state, §code-flow-only,
    // §scopes
    AuthorizationStart start = requests.start(oauth, "owner-1", REDIRECT, "binding", "/done");
    Map<String, List<String>> q = query(start.authorizationUrl());
    PendingAuthorization p = start.pending();

    assertThat(start.authorizationUrl().toString()).startsWith("https://as.example/authorize?");
    assertThat(one(q, "response_type")).isEqualTo("code");
    assertThat(one(q, "client_id")).isEqualTo("client-boldsign");
    assertThat(one(q, "redirect_uri")).isEqualTo(REDIRECT.toString());
    assertThat(one(q, "scope")).isEqualTo("offline_access BoldSign.Documents.All");
    assertThat(one(q, "state")).isEqualTo(p.state().reveal());
    assertThat(one(q, "code_challenge_method")).isEqualTo("S256");
    assertThat(one(q, "code_challenge")).isEqualTo(Pkce.challengeOf(p.codeVerifier()));
    assertThat(q).doesNotContainKeys("nonce", "code_verifier", "client_secret");
    assertThat(start.authorizationUrl().toString())
        .doesNotContain(p.codeVerifier().reveal())
        .doesNotContain(TestProfiles.CLIENT_SECRET);
  }

  @Test
  void stateHasAtLeast128BitsOfRandomness() { // SECURITY.md §state
    Secret state = requests.start(oauth, "o", REDIRECT, null, null).pending().state();

    assertThat(Base64.getUrlDecoder().decode(state.reveal())).hasSize(32);
    assertThat(requests.start(oauth, "o", REDIRECT, null, null).pending().state())
        .isNotEqualTo(state);
  }

  @Test
  void openIdRequestsCarryANonceAndTheExtraParameters() { // SECURITY.md §nonce
    AuthorizationStart start = requests.start(oidc, "o", REDIRECT, null, null);
    Map<String, List<String>> q = query(start.authorizationUrl());

    assertThat(start.pending().nonce()).isNotNull();
    assertThat(one(q, "nonce")).isEqualTo(start.pending().nonce().reveal());
    assertThat(Base64.getUrlDecoder().decode(start.pending().nonce().reveal())).hasSize(32);
    assertThat(one(q, "prompt")).isEqualTo("login");
    assertThat(one(q, "scope")).isEqualTo("openid email");
  }

  @Test
  void recordsTheTransactionServerSideWithATenMinuteLifetime() { // SECURITY.md §discovery,
    // §pending-authorizations
    PendingAuthorization p = requests.start(oidc, "owner-9", REDIRECT, "b", "/x").pending();

    assertThat(p.providerId()).isEqualTo("oidc");
    assertThat(p.issuer()).isEqualTo("https://idp.example");
    assertThat(p.owner()).isEqualTo("owner-9");
    assertThat(p.redirectUri()).isEqualTo(REDIRECT.toString());
    assertThat(p.browserBinding()).isEqualTo("b");
    assertThat(p.returnTo()).isEqualTo("/x");
    assertThat(p.createdAt()).isEqualTo(clock.instant());
    assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void refusesExtraParametersThatWouldOverrideTheProtocol() { // SECURITY.md §code-flow-only
    for (String name :
        List.of("response_type", "response_mode", "code_challenge_method", "state")) {
      ProviderProfile bad =
          oauth.toBuilder().extraAuthorizationParameters(Map.of(name, "token")).build();
      assertThatThrownBy(() -> requests.start(bad, "o", REDIRECT, null, null))
          .as(name)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(name);
    }
  }

  @Test
  void refusesAnOpenIdProfileWithoutTheOpenidScope() {
    ProviderProfile bad = oidc.toBuilder().scopes(List.of("email")).build();

    assertThatThrownBy(() -> requests.start(bad, "o", REDIRECT, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("openid");
  }

  @Test
  void refusesReturnPathsThatLeaveTheSite() { // SECURITY.md §open-redirect
    for (String evil :
        List.of(
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "https:evil.example",
            "%2F%2Fevil.example",
            "javascript:alert(1)",
            "/ok\r\nSet-Cookie: x",
            "evil",
            "")) {
      assertThatThrownBy(() -> requests.start(oauth, "o", REDIRECT, null, evil))
          .as(evil)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(requests.start(oauth, "o", REDIRECT, null, "/connections?x=1").pending().returnTo())
        .isEqualTo("/connections?x=1");
  }

  @Test
  void toStringShowsNeitherStateNorUrl() { // SECURITY.md §redaction
    AuthorizationStart start = requests.start(oidc, "o", REDIRECT, null, null);

    assertThat(start.toString())
        .doesNotContain(start.pending().state().reveal())
        .doesNotContain(start.pending().nonce().reveal())
        .doesNotContain("authorize");
    assertThat(start.pending().toString())
        .doesNotContain(start.pending().state().reveal())
        .doesNotContain(start.pending().codeVerifier().reveal());
  }
}
