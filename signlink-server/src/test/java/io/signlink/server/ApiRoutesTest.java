package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.store.apikey.IssuedApiKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static TestSignLink sl;
  static String key;
  static String boldSign;
  static String docuSign;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
    IssuedApiKey issued = sl.server.runtime().store().apiKeys().create("api-test");
    key = issued.plaintext().reveal();
    boldSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "api-owner"));
    docuSign =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "api-owner"));
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void missingOrWrongApiKeyIs401JsonNever500() throws Exception { // SECURITY.md §api-auth, §errors
    for (String k : new String[] {null, "sk_wrong_key_value_1234567890", "not-a-key", ""}) {
      HttpResponse<String> r = sl.api("GET", "/api/connections", k, null);
      assertThat(r.statusCode()).as(String.valueOf(k)).isEqualTo(401);
      assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
      assertThat(json(r).get("message").asText()).isNotBlank();
    }
    HttpResponse<String> basic =
        TestSignLink.send(
            TestSignLink.browser(),
            HttpRequest.newBuilder(sl.uri("/api/connections"))
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .build());
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void listsConnectionsWithoutAnyToken() throws Exception { // SECURITY.md §refresh-tokens-stay
    HttpResponse<String> r = sl.api("GET", "/api/connections?owner=api-owner", key, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = json(r).get("connections");
    assertThat(list).hasSizeGreaterThanOrEqualTo(2);
    // the user as the provider named them, and the refresh deadline (null: none announced)
    assertThat(list.get(0).has("email")).isTrue();
    assertThat(list.get(0).has("name")).isTrue();
    assertThat(list.get(0).has("refresh_deadline")).isTrue();
    assertThat(list.findValuesAsText("email")).anyMatch(e -> e.contains("@"));
    assertThat(r.body())
        .doesNotContain("refresh_token\":\"")
        .doesNotContain("access_token\"")
        .doesNotContain("client_secret");
    assertThat(sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokenEndpointSendsNoStoreAndNoRefreshToken()
      throws Exception { // SECURITY.md §refresh-tokens-stay, §api-responses
    HttpResponse<String> r = sl.api("POST", "/api/connections/" + docuSign + "/token", key, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = json(r);
    assertThat(body.get("access_token").asText()).isNotBlank();
    assertThat(body.get("token_type").asText()).isEqualToIgnoringCase("bearer");
    assertThat(body.get("connection_id").asText()).isEqualTo(docuSign);
    assertThat(body.has("expires_at")).isTrue();
    assertThat(body.has("refresh_token")).isFalse();
    assertThat(r.body()).doesNotContain("secret");
  }

  @Test
  void unknownConnectionIs404Json() throws Exception {
    HttpResponse<String> r = sl.api("POST", "/api/connections/nope/token", key, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void unknownRouteIs404Json() throws Exception {
    HttpResponse<String> r = sl.api("GET", "/api/nothing-here", key, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void refreshReturnsTheConnectionWithANewExpiry() throws Exception {
    String before =
        json(sl.api("GET", "/api/connections/" + boldSign, key, null))
            .get("last_refreshed_at")
            .asText();
    HttpResponse<String> r = sl.api("POST", "/api/connections/" + boldSign + "/refresh", key, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("last_refreshed_at").asText()).isNotEqualTo(before);
    assertThat(r.body()).doesNotContain("access_token\"");
  }

  @Test
  void listsAccountsAndRejectsMalformedJson() throws Exception {
    HttpResponse<String> accounts =
        sl.api("GET", "/api/connections/" + docuSign + "/accounts", key, null);
    assertThat(accounts.statusCode()).isEqualTo(200);
    JsonNode first = json(accounts).get("accounts").get(0);
    assertThat(first.get("base_uri").asText()).startsWith("http://127.0.0.1:");

    HttpResponse<String> bad =
        sl.api("POST", "/api/connections/" + docuSign + "/account", key, "{not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("error").asText()).isEqualTo("invalid_request");
    HttpResponse<String> wrongShape =
        sl.api("POST", "/api/connections/" + docuSign + "/account", key, "[1,2]");
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    HttpResponse<String> ok =
        sl.api(
            "POST",
            "/api/connections/" + docuSign + "/account",
            key,
            "{\"account_id\":\"" + first.get("account_id").asText() + "\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void proxiesToTheProviderAndRefreshesOnceOn401() throws Exception { // SECURITY.md §retry-on-401
    String accountId =
        json(sl.api("GET", "/api/connections/" + docuSign, key, null)).get("account_id").asText();
    String path = "/api/connections/" + docuSign + "/proxy/restapi/v2.1/accounts/" + accountId;
    HttpResponse<String> first = sl.api("GET", path, key, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains(accountId);
    String tokenBefore =
        json(sl.api("POST", "/api/connections/" + docuSign + "/token", key, null))
            .get("access_token")
            .asText();

    sl.emulator.expireAccessTokens(); // the provider now answers 401 to the cached token
    HttpResponse<String> afterExpiry = sl.api("GET", path, key, null);
    assertThat(afterExpiry.statusCode()).isEqualTo(200);
    assertThat(afterExpiry.headers().firstValue("Cache-Control")).hasValue("no-store");
    String tokenAfter =
        json(sl.api("POST", "/api/connections/" + docuSign + "/token", key, null))
            .get("access_token")
            .asText();
    assertThat(tokenAfter).isNotEqualTo(tokenBefore);
  }

  @Test
  void proxiesBoldSignDocumentList() {
    HttpResponse<String> r =
        sl.api(
            "GET",
            "/api/connections/" + boldSign + "/proxy/v1/document/list?Page=1&PageSize=10",
            key,
            null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("result");
  }

  @Test
  void proxyRefusesPathsThatLeaveTheApiRoot() throws Exception {
    HttpResponse<String> r =
        sl.api("GET", "/api/connections/" + boldSign + "/proxy/%2e%2e/%2e%2e/admin", key, null);
    assertThat(r.statusCode()).isIn(400, 404);
    assertThat(json(r).get("error").asText()).isIn("invalid_request", "not_found");
  }

  @Test
  void refusesOversizedBodies() throws Exception {
    // The head alone: a 2 MiB body is refused from its declared length, before it is read.
    RawHttp.Result r =
        RawHttp.send(
            sl.server.port(),
            "POST /api/connections/"
                + docuSign
                + "/account HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (2 * 1024 * 1024 + 20));
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void theRefreshTokenRelayIsGoneAndSaysWhatReplacesItWithoutRefreshingAnything()
      throws Exception { // SECURITY.md §refresh-tokens-stay, §single-refresh
    HttpResponse<String> r =
        TestSignLink.send(
            TestSignLink.browser(),
            HttpRequest.newBuilder(sl.uri("/refresh-token"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("refresh_token=some-refresh-token"))
                .build());
    assertThat(r.statusCode()).isEqualTo(410);
    assertThat(json(r).get("error").asText()).isEqualTo("gone");
    assertThat(json(r).get("message").asText()).contains("POST /api/connections/{id}/token");
    assertThat(r.body()).doesNotContain("some-refresh-token");
  }

  @Test
  void deleteRevokesAtTheProviderAndDeletesLocally() throws Exception { // SECURITY.md §revocation
    String id =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "boldsign", "to-delete"));
    HttpResponse<String> r = sl.api("DELETE", "/api/connections/" + id, key, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("deleted").asBoolean()).isTrue();
    assertThat(json(r).get("revoked_at_provider").asBoolean()).isTrue();
    assertThat(sl.api("GET", "/api/connections/" + id, key, null).statusCode()).isEqualTo(404);
  }

  @Test
  void deleteStillDeletesWhenTheProviderHasNoRevocationEndpoint()
      throws Exception { // SECURITY.md §revocation
    String id =
        TestSignLink.connectionId(sl.connect(TestSignLink.browser(), "docusign", "to-delete-ds"));
    HttpResponse<String> r = sl.api("DELETE", "/api/connections/" + id, key, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("deleted").asBoolean()).isTrue();
    assertThat(json(r).get("revoked_at_provider").asBoolean()).isFalse();
    assertThat(sl.api("GET", "/api/connections/" + id, key, null).statusCode()).isEqualTo(404);
  }
}
