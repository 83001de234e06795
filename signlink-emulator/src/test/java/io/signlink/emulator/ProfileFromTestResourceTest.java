package io.signlink.emulator;

import static io.signlink.emulator.TestClient.form;
import static io.signlink.emulator.TestClient.json;
import static io.signlink.emulator.TestClient.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Profiles;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider added from a profile in the test's own resources, with no Java of its own, is served
 * end to end: consent, code exchange, API calls from its templates, rotation, revocation.
 */
class ProfileFromTestResourceTest {

  private static final String ID = "acme-demo-client";
  private static final String SECRET = "acme-demo-secret";

  private Emulator emu;
  private TestClient client;
  private Provider acme;

  @BeforeEach
  void start() {
    emu =
        Emulator.start(
            TestClient.config()
                .autoApprove(true)
                .profileResource("/emulator-profiles/acme.json")
                .build());
    client = new TestClient(emu);
    acme = emu.provider("acme");
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void aProviderFromATestProfileConnectsCallsRefreshesAndRevokes() {
    assertThat(emu.providers()).contains(Provider.BOLDSIGN, Provider.DOCUSIGN, acme);
    assertThat(acme.displayName()).isEqualTo("Acme Sign");
    String account = emu.accountBase(acme).toString();
    assertThat(account).isEqualTo(emu.baseUri() + "/acme");

    JsonNode tokens = tokens(code("documents:read documents:write", "st-1"));
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asLong()).isEqualTo(3600);
    assertThat(tokens.get("scope").asText()).isEqualTo("documents:read documents:write");
    String access = tokens.get("access_token").asText();
    String refresh = tokens.get("refresh_token").asText();

    JsonNode me = json(api("/v1/me", "Bearer " + access));
    assertThat(me.get("id").asText()).isEqualTo("acme-user-1");
    assertThat(me.get("email").asText()).isEqualTo("ada@acme.example");
    assertThat(me.get("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(json(api("/v1/documents", "Bearer " + access)).at("/documents/0/owner").asText())
        .isEqualTo("ada@acme.example");

    HttpResponse<String> refreshed =
        client.postForm(
            account + "/oauth/token",
            form("grant_type", "refresh_token", "refresh_token", refresh),
            "Authorization",
            TestClient.basic(ID, SECRET));
    assertThat(refreshed.statusCode()).isEqualTo(200);
    String newRefresh = json(refreshed).get("refresh_token").asText();
    assertThat(newRefresh).isNotEqualTo(refresh);

    HttpResponse<String> revoked =
        client.postForm(
            account + "/oauth/revoke",
            form("token", newRefresh),
            "Authorization",
            TestClient.basic(ID, SECRET));
    assertThat(revoked.statusCode()).isEqualTo(200);
    String newAccess = json(refreshed).get("access_token").asText();
    HttpResponse<String> after = api("/v1/me", "Bearer " + newAccess);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(json(after).get("message").asText()).isEqualTo("token invalid");
    assertThat(emu.stats().count("acme.api.me")).isEqualTo(2);
  }

  @Test
  void theTestProfilesUsersAreOnTheConsentPageAndCanBeSignedIn() {
    emu.signInAs(acme, "alan@acme.example");
    JsonNode tokens = tokens(code("documents:read", "st-2"));
    JsonNode me = json(api("/v1/me", "Bearer " + tokens.get("access_token").asText()));
    assertThat(me.get("id").asText()).isEqualTo("acme-user-2");
    assertThat(emu.users(acme)).extracting(SeedUser::email).contains("ada@acme.example");
  }

  @Test
  void anInvalidProfileIsRefusedWithWhatIsWrong() {
    String json =
        "{\"id\":\"broken\",\"hosts\":{\"account\":\"/broken\"},"
            + "\"authorize\":{\"host\":\"account\",\"path\":\"/auth\"},"
            + "\"token\":{\"host\":\"nowhere\",\"path\":\"/token\"},"
            + "\"scopes\":{\"read\":\"Read\"},\"access_token_ttl\":\"PT1H\",\"users\":[]}";
    assertThatThrownBy(
            () ->
                Profiles.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "inline"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the emulator profile inline is not valid")
        .hasMessageContaining("token endpoint's host 'nowhere' is not in hosts")
        .hasMessageContaining("users is empty")
        .hasMessageContaining("a generic profile needs an api");
    assertThatThrownBy(() -> Profiles.resource("/emulator-profiles/missing.json"))
        .hasMessageContaining("no emulator profile at classpath resource");
  }

  @Test
  void aMisspeltMemberIsAnErrorNotIgnored() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/emulator-profiles/acme.json")) {
      json =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("\"id\": \"acme\",", "\"id\": \"acme\", \"scopez\": {},");
    }
    assertThatThrownBy(
            () ->
                Profiles.read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "inline"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scopez");
  }

  @Test
  void everyBuiltInProfileLoads() {
    assertThat(Profiles.builtInIds()).startsWith("boldsign", "docusign");
    assertThat(Profiles.builtIn()).extracting(Profile::id).isEqualTo(Profiles.builtInIds());
    assertThat(SeedUsers.of(Profiles.builtIn("boldsign"))).isEqualTo(SeedUsers.BOLDSIGN);
  }

  private String code(String scope, String state) {
    TestClient.Pkce2 pkce = TestClient.Pkce2.fresh();
    lastPkce = pkce;
    HttpResponse<String> authorize =
        client.get(
            url(
                emu.accountBase(acme) + "/oauth/authorize",
                form(
                    "response_type",
                    "code",
                    "client_id",
                    ID,
                    "redirect_uri",
                    TestClient.REDIRECT,
                    "scope",
                    scope,
                    "state",
                    state,
                    "code_challenge",
                    pkce.challenge(),
                    "code_challenge_method",
                    "S256")));
    assertThat(authorize.statusCode()).isEqualTo(302);
    Map<String, String> callback = TestClient.locationParams(authorize);
    assertThat(callback).containsEntry("state", state);
    return callback.get("code");
  }

  private TestClient.Pkce2 lastPkce;

  private JsonNode tokens(String code) {
    HttpResponse<String> response =
        client.postForm(
            emu.accountBase(acme) + "/oauth/token",
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                TestClient.REDIRECT,
                "code_verifier",
                lastPkce.verifier()),
            "Authorization",
            TestClient.basic(ID, SECRET));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private HttpResponse<String> api(String path, String authorization) {
    return client.get(emu.apiBase(acme) + path, "Authorization", authorization);
  }
}
