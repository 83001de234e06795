package io.signlink.emulator;

import static io.signlink.emulator.TestClient.form;
import static io.signlink.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DocuSign as docs/PROVIDERS.md describes it: Basic client auth, 8 h tokens, userinfo accounts, JWT
 * grant.
 */
class DocuSignConformanceTest {

  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

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
  void happyPathCodeTokenUserinfoAccountEnvelopesRefresh() {
    JsonNode tokens = client.docuSignTokens();
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(28_800);
    assertThat(tokens.get("refresh_token").asText()).isNotBlank(); // no offline_access needed
    String access = tokens.get("access_token").asText();

    JsonNode userinfo =
        json(
            client.get(
                emu.docuSignAccountBase() + "/oauth/userinfo",
                "Authorization",
                "Bearer " + access));
    assertThat(userinfo.get("email").asText()).isEqualTo("dana.whitfield@example.com");
    assertThat(userinfo.get("accounts")).hasSize(2);
    JsonNode account = userinfo.at("/accounts/0");
    assertThat(account.get("is_default").isTextual()).isTrue();
    assertThat(account.get("is_default").asText()).isEqualTo("true");
    assertThat(account.get("base_uri").asText()).isEqualTo(emu.docuSignApiBase().toString());
    assertThat(account.at("/organization/links/0/rel").asText()).isEqualTo("self");

    String accountId = account.get("account_id").asText();
    String rest = account.get("base_uri").asText() + "/restapi/v2.1/accounts/" + accountId;
    JsonNode info = json(client.get(rest, "Authorization", "Bearer " + access));
    assertThat(info.get("accountIdGuid").asText()).isEqualTo(accountId);
    assertThat(info.get("accountName").asText()).isEqualTo("Whitfield Legal LLC");

    HttpResponse<String> envelopes =
        client.get(rest + "/envelopes?from_date=2026-01-01", "Authorization", "Bearer " + access);
    assertThat(envelopes.statusCode()).isEqualTo(200);
    JsonNode list = json(envelopes);
    assertThat(list.get("totalSetSize").asText()).isEqualTo("5");
    assertThat(list.at("/envelopes/0/envelopeId").asText()).isNotBlank();
    assertThat(list.at("/envelopes/0/emailSubject").asText()).startsWith("Please DocuSign");
    assertThat(list.at("/envelopes/0/sentDateTime").asText()).endsWith("Z");

    HttpResponse<String> refreshed =
        client.docuSignToken(
            form(
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.get("refresh_token").asText()));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    assertThat(json(refreshed).get("refresh_token").asText())
        .isNotEqualTo(tokens.get("refresh_token").asText());
    assertThat(emu.stats().tokenRequests(Provider.DOCUSIGN, "refresh_token")).isEqualTo(1);
  }

  @Test
  void userinfoReportsIsDefaultAsBooleanForSomeUsers() {
    JsonNode tokens = client.docuSignTokens("login_hint", "keiko.tanaka@example.org");
    JsonNode userinfo =
        json(
            client.get(
                emu.docuSignAccountBase() + "/oauth/userinfo",
                "Authorization",
                "Bearer " + tokens.get("access_token").asText()));
    assertThat(userinfo.get("accounts")).hasSize(3);
    assertThat(userinfo.at("/accounts/1/is_default").isBoolean()).isTrue();
    assertThat(userinfo.at("/accounts/1/is_default").asBoolean()).isTrue();
    assertThat(userinfo.at("/accounts/0/is_default").asBoolean()).isFalse();
  }

  @Test
  void envelopesNeedFromDateAndEmptyListsOmitTheEnvelopesMember() {
    JsonNode tokens = client.docuSignTokens("login_hint", "keiko.tanaka@example.org");
    String access = tokens.get("access_token").asText();
    String trialAccount = SeedUsers.DOCUSIGN.get(2).accounts().get(2).accountId();
    String rest = emu.docuSignApiBase() + "/restapi/v2.1/accounts/" + trialAccount + "/envelopes";
    HttpResponse<String> missing = client.get(rest, "Authorization", "Bearer " + access);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("errorCode").asText()).isEqualTo("INVALID_REQUEST_PARAMETER");
    JsonNode empty =
        json(
            client.get(
                rest + "?from_date=2020-01-01T00:00:00Z", "Authorization", "Bearer " + access));
    assertThat(empty.get("totalSetSize").asText()).isEqualTo("0");
    assertThat(empty.has("envelopes")).isFalse();
  }

  @Test
  void anotherUsersAccountIs403AndAnExpiredTokenIs401WithJson() {
    String access = client.docuSignTokens().get("access_token").asText();
    String marcosAccount = SeedUsers.DOCUSIGN.get(1).accounts().get(0).accountId();
    HttpResponse<String> foreign =
        client.get(
            emu.docuSignApiBase() + "/restapi/v2.1/accounts/" + marcosAccount,
            "Authorization",
            "Bearer " + access);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(json(foreign).get("errorCode").asText()).isEqualTo("USER_LACKS_MEMBERSHIP");

    clock.advance(Duration.ofHours(8));
    String own = SeedUsers.DOCUSIGN.get(0).accounts().get(0).accountId();
    HttpResponse<String> expired =
        client.get(
            emu.docuSignApiBase() + "/restapi/v2.1/accounts/" + own,
            "Authorization",
            "Bearer " + access);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(json(expired).get("errorCode").asText()).isEqualTo("AUTHORIZATION_INVALID_TOKEN");
  }

  @Test
  void confidentialClientsMustUseHttpBasic() {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    String code = client.docuSignCode("signature", pkce);
    HttpResponse<String> post =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                TestClient.REDIRECT,
                "code_verifier",
                pkce.verifier(),
                "client_id",
                DemoClients.DOCUSIGN_INTEGRATION_KEY,
                "client_secret",
                DemoClients.DOCUSIGN_SECRET));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(json(post).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void publicIntegrationKeyUsesPkceWithoutSecret() {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    HttpResponse<String> authorize =
        client.get(
            client.docuSignAuthorizeUrl(
                DemoClients.DOCUSIGN_PUBLIC_INTEGRATION_KEY,
                TestClient.REDIRECT,
                "signature",
                "p1",
                pkce));
    String code = TestClient.locationParams(authorize).get("code");
    HttpResponse<String> token =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                TestClient.REDIRECT,
                "code_verifier",
                pkce.verifier(),
                "client_id",
                DemoClients.DOCUSIGN_PUBLIC_INTEGRATION_KEY));
    assertThat(token.statusCode()).isEqualTo(200);
  }

  @Test
  void jwtGrantWithoutConsentIsConsentRequired() throws Exception {
    HttpResponse<String> r =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                JWT_BEARER,
                "assertion",
                assertion(
                    SeedUsers.DOCUSIGN.get(1).sub(),
                    emu.docuSignJwtAudience(),
                    emu.docuSignJwtKeyPair().getPrivate())));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("consent_required");
  }

  @Test
  void jwtGrantAfterConsentViaTheConsentUrlIssuesAnHourLongTokenWithoutRefresh() throws Exception {
    String marco = SeedUsers.DOCUSIGN.get(1).sub();
    // DocuSign's documented one-time consent URL: no PKCE, scope signature impersonation.
    HttpResponse<String> consent =
        client.get(
            client.docuSignAuthorizeUrl(
                DemoClients.DOCUSIGN_INTEGRATION_KEY,
                TestClient.REDIRECT,
                "signature impersonation",
                "c1",
                null,
                "login_hint",
                "marco.ruiz@example.com"));
    assertThat(consent.statusCode()).isEqualTo(302);
    assertThat(TestClient.locationParams(consent)).containsKey("code");

    HttpResponse<String> r =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                JWT_BEARER,
                "assertion",
                assertion(
                    marco, emu.docuSignJwtAudience(), emu.docuSignJwtKeyPair().getPrivate())));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode tokens = json(r);
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.has("refresh_token")).isFalse();
    JsonNode userinfo =
        json(
            client.get(
                emu.docuSignAccountBase() + "/oauth/userinfo",
                "Authorization",
                "Bearer " + tokens.get("access_token").asText()));
    assertThat(userinfo.get("sub").asText()).isEqualTo(marco);
    assertThat(emu.stats().tokenRequests(Provider.DOCUSIGN, JWT_BEARER)).isEqualTo(1);
  }

  @Test
  void jwtGrantRejectsWrongAudienceAndForeignKeys() throws Exception {
    String dana = SeedUsers.DOCUSIGN.get(0).sub();
    emu.grantConsent(
        Provider.DOCUSIGN,
        DemoClients.DOCUSIGN_INTEGRATION_KEY,
        dana,
        List.of("signature", "impersonation"));
    HttpResponse<String> wrongAud =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                JWT_BEARER,
                "assertion",
                assertion(dana, "account-d.docusign.com", emu.docuSignJwtKeyPair().getPrivate())));
    assertThat(json(wrongAud).get("error").asText()).isEqualTo("invalid_grant");
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    HttpResponse<String> foreign =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                JWT_BEARER,
                "assertion",
                assertion(dana, emu.docuSignJwtAudience(), g.generateKeyPair().getPrivate())));
    assertThat(json(foreign).get("error_description").asText())
        .isEqualTo("no_valid_keys_or_signatures");
    HttpResponse<String> ok =
        client.postForm(
            emu.docuSignAccountBase() + "/oauth/token",
            form(
                "grant_type",
                JWT_BEARER,
                "assertion",
                assertion(dana, emu.docuSignJwtAudience(), emu.docuSignJwtKeyPair().getPrivate())));
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  private String assertion(String sub, String aud, PrivateKey key) throws Exception {
    Instant now = clock.instant();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.RS256),
            new JWTClaimsSet.Builder()
                .issuer(DemoClients.DOCUSIGN_INTEGRATION_KEY)
                .subject(sub)
                .audience(aud)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("scope", "signature impersonation")
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
