package io.signlink.emulator;

import static io.signlink.emulator.TestClient.form;
import static io.signlink.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BoldSign as docs/PROVIDERS.md describes it: OIDC discovery, code flow with PKCE, refresh, API
 * quirks.
 */
class BoldSignConformanceTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private Emulator emu;
  private TestClient client;

  @BeforeEach
  void start() {
    emu = Emulator.start(TestClient.config().autoApprove(true).clock(clock).build());
    client = new TestClient(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void discoveryAnnouncesAbsoluteEndpointsAndS256Only() {
    JsonNode doc =
        json(client.get(emu.boldSignAccountBase() + "/.well-known/openid-configuration"));
    String issuer = emu.boldSignAccountBase().toString();
    assertThat(doc.get("issuer").asText()).isEqualTo(issuer);
    assertThat(doc.get("authorization_endpoint").asText()).isEqualTo(issuer + "/connect/authorize");
    assertThat(doc.get("token_endpoint").asText()).isEqualTo(issuer + "/connect/token");
    assertThat(doc.get("userinfo_endpoint").asText()).isEqualTo(issuer + "/connect/userinfo");
    assertThat(doc.get("revocation_endpoint").asText()).isEqualTo(issuer + "/connect/revocation");
    assertThat(doc.get("jwks_uri").asText())
        .isEqualTo(issuer + "/.well-known/openid-configuration/jwks");
    assertThat(doc.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(doc.has("authorization_response_iss_parameter_supported"))
        .isFalse(); // SECURITY.md §issuer-check: off by default
  }

  @Test
  void happyPathAuthorizeTokenUserinfoApiRefresh() throws Exception {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    HttpResponse<String> authorize =
        client.get(
            client.boldSignAuthorizeUrl(
                DemoClients.BOLDSIGN_CLIENT_ID,
                TestClient.REDIRECT,
                "openid profile email offline_access BoldSign.Documents.All",
                "s-123",
                pkce));
    assertThat(authorize.statusCode()).isEqualTo(302);
    Map<String, String> callback = TestClient.locationParams(authorize);
    assertThat(callback)
        .containsEntry("state", "s-123")
        .containsKey("code")
        .doesNotContainKey("iss");
    assertThat(authorize.headers().firstValue("Location").orElseThrow())
        .startsWith(TestClient.REDIRECT + "?");

    HttpResponse<String> tokenResponse = client.boldSignExchange(callback.get("code"), pkce);
    assertThat(tokenResponse.statusCode()).isEqualTo(200);
    assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode tokens = json(tokenResponse);
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.get("scope").asText())
        .isEqualTo("openid profile email offline_access BoldSign.Documents.All");
    assertThat(tokens.get("refresh_token").asText()).isNotBlank();

    SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asText());
    JWKSet jwks =
        JWKSet.parse(
            client
                .get(emu.boldSignAccountBase() + "/.well-known/openid-configuration/jwks")
                .body());
    RSAKey key = (RSAKey) jwks.getKeyByKeyId(idToken.getHeader().getKeyID());
    assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(idToken.getJWTClaimsSet().getIssuer())
        .isEqualTo(emu.boldSignAccountBase().toString());
    assertThat(idToken.getJWTClaimsSet().getAudience())
        .containsExactly(DemoClients.BOLDSIGN_CLIENT_ID);
    assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-s-123");
    assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo(SeedUsers.BOLDSIGN.get(0).sub());
    assertThat(idToken.getJWTClaimsSet().getStringClaim("email"))
        .isEqualTo("alex.morgan@example.com");
    assertThat(idToken.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(clock.instant());

    String access = tokens.get("access_token").asText();
    JsonNode userinfo =
        json(
            client.get(
                emu.boldSignAccountBase() + "/connect/userinfo",
                "Authorization",
                "Bearer " + access));
    assertThat(userinfo.get("sub").asText()).isEqualTo(idToken.getJWTClaimsSet().getSubject());
    assertThat(userinfo.get("name").asText()).isEqualTo("Alex Morgan");

    HttpResponse<String> docs = client.boldSignDocuments(access);
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode page = json(docs);
    assertThat(page.at("/pageDetails/totalRecordsCount").asInt()).isEqualTo(9);
    assertThat(page.get("result")).hasSize(9);
    assertThat(page.at("/result/0/documentId").asText()).isNotBlank();
    assertThat(page.at("/result/0/signerDetails/0/signerEmail").asText()).contains("@");

    HttpResponse<String> refreshed = client.boldSignRefresh(tokens.get("refresh_token").asText());
    assertThat(refreshed.statusCode()).isEqualTo(200);
    JsonNode rotated = json(refreshed);
    assertThat(rotated.get("refresh_token").asText())
        .isNotEqualTo(tokens.get("refresh_token").asText());
    assertThat(
            SignedJWT.parse(rotated.get("id_token").asText()).getJWTClaimsSet().getClaim("nonce"))
        .isNull();
    assertThat(client.boldSignDocuments(rotated.get("access_token").asText()).statusCode())
        .isEqualTo(200);
    assertThat(emu.stats().tokenRequests(Provider.BOLDSIGN, "refresh_token")).isEqualTo(1);
    assertThat(emu.stats().tokenRequests(Provider.BOLDSIGN, "authorization_code")).isEqualTo(1);
  }

  @Test
  void issuesNoRefreshTokenWithoutOfflineAccess() {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    JsonNode tokens =
        json(
            client.boldSignExchange(
                client.boldSignCode("openid BoldSign.Documents.Read", pkce), pkce));
    assertThat(tokens.has("access_token")).isTrue();
    assertThat(tokens.has("refresh_token")).isFalse();
  }

  @Test
  void documentListRequiresPageAndAnswersExpiredTokensWith401AndEmptyBody() {
    String access = client.boldSignTokens().get("access_token").asText();
    HttpResponse<String> noPage =
        client.get(
            emu.boldSignApiBase() + "/v1/document/list?PageSize=10",
            "Authorization",
            "Bearer " + access);
    assertThat(noPage.statusCode()).isEqualTo(400);
    assertThat(json(noPage).at("/errors/Page/0").asText()).contains("required");

    clock.advance(Duration.ofMinutes(61));
    HttpResponse<String> expired = client.boldSignDocuments(access);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).isEmpty();
    assertThat(expired.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"invalid_token\"");
    assertThat(
            client
                .get(
                    emu.boldSignAccountBase() + "/connect/userinfo",
                    "Authorization",
                    "Bearer " + access)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void documentListPagesAndAcceptsTheApiKey() {
    HttpResponse<String> page2 =
        client.get(
            emu.boldSignApiBase() + "/v1/document/list?Page=2&PageSize=4",
            "X-API-KEY",
            DemoClients.BOLDSIGN_API_KEY);
    assertThat(page2.statusCode()).isEqualTo(200);
    JsonNode body = json(page2);
    assertThat(body.at("/pageDetails/totalPages").asInt()).isEqualTo(3);
    assertThat(body.get("result")).hasSize(4);
    assertThat(
            client
                .get(emu.boldSignApiBase() + "/v1/document/list?Page=1", "X-API-KEY", "wrong")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void clientCredentialsGrantGivesAnApiTokenWithoutRefreshOrIdToken() {
    HttpResponse<String> r =
        client.postForm(
            emu.boldSignAccountBase() + "/connect/token",
            form("grant_type", "client_credentials", "scope", "BoldSign.Documents.All"),
            "Authorization",
            TestClient.basic(DemoClients.BOLDSIGN_CLIENT_ID, DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode tokens = json(r);
    assertThat(tokens.has("refresh_token")).isFalse();
    assertThat(tokens.has("id_token")).isFalse();
    assertThat(client.boldSignDocuments(tokens.get("access_token").asText()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> openid =
        client.postForm(
            emu.boldSignAccountBase() + "/connect/token",
            form("grant_type", "client_credentials", "scope", "openid"),
            "Authorization",
            TestClient.basic(DemoClients.BOLDSIGN_CLIENT_ID, DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(json(openid).get("error").asText()).isEqualTo("invalid_scope");
  }

  @Test
  void revokingTheRefreshTokenRevokesTheWholeGrant() {
    JsonNode tokens = client.boldSignTokens();
    HttpResponse<String> r =
        client.postForm(
            emu.boldSignAccountBase() + "/connect/revocation",
            form(
                "token",
                tokens.get("refresh_token").asText(),
                "token_type_hint",
                "refresh_token",
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(client.boldSignDocuments(tokens.get("access_token").asText()).statusCode())
        .isEqualTo(401);
    assertThat(
            json(client.boldSignRefresh(tokens.get("refresh_token").asText()))
                .get("error")
                .asText())
        .isEqualTo("invalid_grant");
    HttpResponse<String> unknown =
        client.postForm(
            emu.boldSignAccountBase() + "/connect/revocation",
            form(
                "token",
                "no-such-token",
                "client_id",
                DemoClients.BOLDSIGN_CLIENT_ID,
                "client_secret",
                DemoClients.BOLDSIGN_CLIENT_SECRET));
    assertThat(unknown.statusCode()).isEqualTo(200); // RFC 7009 §2.2
  }

  @Test
  void rotatedSigningKeyKeepsThePreviousKeyInTheJwks() throws Exception {
    String before =
        SignedJWT.parse(client.boldSignTokens().get("id_token").asText()).getHeader().getKeyID();
    String newKid = emu.rotateSigningKey();
    String after =
        SignedJWT.parse(client.boldSignTokens().get("id_token").asText()).getHeader().getKeyID();
    assertThat(after).isEqualTo(newKid).isNotEqualTo(before);
    JWKSet jwks =
        JWKSet.parse(
            client
                .get(emu.boldSignAccountBase() + "/.well-known/openid-configuration/jwks")
                .body());
    assertThat(jwks.getKeys()).extracting(k -> k.getKeyID()).containsExactly(after, before);
    assertThat(jwks.getKeys()).allMatch(k -> !k.isPrivate());
    emu.rotateSigningKey();
    JWKSet third =
        JWKSet.parse(
            client
                .get(emu.boldSignAccountBase() + "/.well-known/openid-configuration/jwks")
                .body());
    assertThat(third.getKeys()).extracting(k -> k.getKeyID()).doesNotContain(before);
  }
}
