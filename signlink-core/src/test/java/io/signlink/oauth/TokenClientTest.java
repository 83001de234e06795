package io.signlink.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderProfile;
import io.signlink.testing.MutableClock;
import io.signlink.testing.SharedWireMock;
import io.signlink.testing.TestProfiles;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The grants and revocation on the wire (SECURITY.md §token-requests, §client-auth, §scopes);
 * responses in the fault test.
 */
class TokenClientTest {
  static final WireMockServer wm = SharedWireMock.get();
  static final String REFRESH = "rt-Gh7Kq2Lm9Xw";

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
    wm.stubFor(post("/revoke").willReturn(aResponse().withStatus(200)));
  }

  static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  static Map<String, List<String>> form(LoggedRequest r) {
    assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    return URLUtils.parseParameters(r.getBodyAsString());
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  PendingAuthorization pending(String redirect) {
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

  @Test
  void exchangesTheCodeWithVerifierAndTheIdenticalRedirectUri() { // SECURITY.md §token-requests,
    // §client-auth
    String redirect = "https://app.example/callback/acme?tenant=a%20b";
    TokenSet tokens = client.exchangeCode(profile, Secret.of("code-XYZ"), pending(redirect));

    LoggedRequest r = onlyRequest();
    Map<String, List<String>> form = form(r);
    assertThat(r.getUrl()).isEqualTo("/token");
    assertThat(form.get("grant_type")).containsExactly("authorization_code");
    assertThat(form.get("code")).containsExactly("code-XYZ");
    assertThat(form.get("redirect_uri")).containsExactly(redirect);
    assertThat(form.get("code_verifier"))
        .containsExactly("verifier-abcdefghijklmnopqrstuvwxyz0123456789");
    assertThat(form).doesNotContainKeys("client_secret");
    assertThat(r.getHeader("Authorization"))
        .isEqualTo(basic("client-acme", TestProfiles.CLIENT_SECRET));
    assertThat(tokens.accessToken().reveal()).isEqualTo("at-1");
    assertThat(tokens.scopes()).containsExactlyInAnyOrderElementsOf(profile.scopes());
  }

  @Test
  void clientSecretPostPutsTheCredentialsInTheBody() { // SECURITY.md §client-auth
    ProviderProfile post =
        profile.toBuilder().clientAuth(ClientAuthMethod.CLIENT_SECRET_POST).build();
    client.refresh(post, Secret.of(REFRESH), null);

    LoggedRequest r = onlyRequest();
    assertThat(r.containsHeader("Authorization")).isFalse();
    assertThat(form(r).get("client_id")).containsExactly("client-acme");
    assertThat(form(r).get("client_secret")).containsExactly(TestProfiles.CLIENT_SECRET);
  }

  @Test
  void aPublicClientSendsOnlyItsClientId() { // RFC 8252 §8.5
    ProviderProfile pub =
        profile.toBuilder().clientAuth(ClientAuthMethod.NONE).clientSecret(null).build();
    client.exchangeCode(pub, Secret.of("c"), pending("http://127.0.0.1:5000/cb"));

    LoggedRequest r = onlyRequest();
    assertThat(r.containsHeader("Authorization")).isFalse();
    assertThat(form(r).get("client_id")).containsExactly("client-acme");
    assertThat(form(r)).doesNotContainKey("client_secret");
  }

  @Test
  void refreshSendsNoScopeUnlessAskedAndThenExactlyThatScope() { // SECURITY.md §scopes
    client.refresh(profile, Secret.of(REFRESH), null);
    Map<String, List<String>> first = form(onlyRequest());
    assertThat(first.get("grant_type")).containsExactly("refresh_token");
    assertThat(first.get("refresh_token")).containsExactly(REFRESH);
    assertThat(first).doesNotContainKey("scope");

    wm.resetRequests();
    TokenSet narrowed = client.refresh(profile, Secret.of(REFRESH), List.of("a", "b"));
    assertThat(form(onlyRequest()).get("scope")).containsExactly("a b");
    assertThat(narrowed.scopes()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aRefreshWithoutANewRefreshTokenKeepsTheOldOne() { // SECURITY.md §rotation
    TokenSet old =
        new TokenSet(
            Secret.of("old-at"),
            "Bearer",
            Secret.of(REFRESH),
            null,
            Set.of("x"),
            clock.instant(),
            clock.instant().plusSeconds(10),
            null);

    TokenSet merged = old.mergeRefreshed(client.refresh(profile, old.refreshToken(), null));

    assertThat(merged.accessToken().reveal()).isEqualTo("at-1");
    assertThat(merged.refreshToken().reveal()).isEqualTo(REFRESH);
    assertThat(merged.scopes()).containsExactly("x");
  }

  @Test
  void clientCredentialsSendsTheGrantAndScope() {
    TokenSet t = client.clientCredentials(profile, List.of("BoldSign.Documents.All"));

    Map<String, List<String>> form = form(onlyRequest());
    assertThat(form.get("grant_type")).containsExactly("client_credentials");
    assertThat(form.get("scope")).containsExactly("BoldSign.Documents.All");
    assertThat(t.scopes()).containsExactly("BoldSign.Documents.All");
  }

  @Test
  void clientCredentialsNeedsAConfidentialClient() {
    ProviderProfile pub =
        profile.toBuilder().clientAuth(ClientAuthMethod.NONE).clientSecret(null).build();

    assertThatThrownBy(() -> client.clientCredentials(pub, List.of()))
        .isInstanceOf(ConfigurationException.class);
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void jwtBearerSendsTheAssertionOnly() { // RFC 7523 §2.1, DocuSign JWT grant
    String assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJpayJ9.c2lnbmF0dXJl";
    client.jwtBearer(profile, Secret.of(assertion), List.of("signature", "impersonation"));

    LoggedRequest r = onlyRequest();
    Map<String, List<String>> form = form(r);
    assertThat(form.get("grant_type"))
        .containsExactly("urn:ietf:params:oauth:grant-type:jwt-bearer");
    assertThat(form.get("assertion")).containsExactly(assertion);
    assertThat(form.get("scope")).containsExactly("signature impersonation");
    assertThat(r.containsHeader("Authorization")).isFalse();
  }

  @Test
  void revokesARefreshTokenWithAHint() { // RFC 7009
    RevocationResult result =
        client.revoke(profile, Secret.of(REFRESH), TokenTypeHint.REFRESH_TOKEN);

    LoggedRequest r = onlyRequest();
    assertThat(result).isEqualTo(RevocationResult.REVOKED);
    assertThat(r.getUrl()).isEqualTo("/revoke");
    assertThat(form(r).get("token")).containsExactly(REFRESH);
    assertThat(form(r).get("token_type_hint")).containsExactly("refresh_token");
    assertThat(r.getHeader("Authorization")).startsWith("Basic ");
  }

  @Test
  void revocationWithoutAnEndpointSendsNothing() {
    ProviderProfile none = profile.toBuilder().revocationEndpoint(null).build();

    assertThat(client.revoke(none, Secret.of(REFRESH), TokenTypeHint.ACCESS_TOKEN))
        .isEqualTo(RevocationResult.NOT_SUPPORTED);
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void noSecretEverTravelsInAUrl() { // SECURITY.md §client-auth
    client.exchangeCode(profile, Secret.of("code-XYZ"), pending("https://app.example/cb"));
    client.refresh(profile, Secret.of(REFRESH), null);
    client.revoke(profile, Secret.of(REFRESH), TokenTypeHint.REFRESH_TOKEN);

    for (LoggedRequest r : wm.findAll(anyRequestedFor(anyUrl()))) {
      assertThat(URI.create(r.getUrl()).getRawQuery()).isNull();
      assertThat(r.getUrl()).doesNotContain("code-XYZ", REFRESH, TestProfiles.CLIENT_SECRET);
    }
    wm.verify(1, postRequestedFor(urlEqualTo("/revoke")));
  }
}
