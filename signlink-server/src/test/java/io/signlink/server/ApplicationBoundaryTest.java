package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import io.signlink.connection.Connection;
import io.signlink.server.route.RouteTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application boundary (SECURITY.md §applications), over every route the server documents:
 * another application's key gets the same 404 as for a connection that does not exist, on every
 * {@code /api} route that names a connection — whatever its scopes — and a key of the owning
 * application without the route's scope gets 403. Routes added later are covered by construction,
 * because the list comes from the server's own route table (the one {@code /openapi.json} is built
 * from).
 */
class ApplicationBoundaryTest {
  static TestSignLink sl;
  static Connection acmeConnection;
  static String acmeAdmin;
  static String acmeAdminId;
  static String acmeNoScope;
  static String rivalAdmin;

  @BeforeAll
  static void start() {
    sl = TestSignLink.start(true, false);
    Apps.create(sl, "acme", "");
    Apps.create(sl, "rival", "");
    String[] k = Apps.key(sl, "acme", "admin");
    acmeAdminId = k[0];
    acmeAdmin = k[1];
    // a scope no connection route accepts
    acmeNoScope = Apps.key(sl, "acme", "connect-sessions:create")[1];
    rivalAdmin = Apps.key(sl, "rival", "admin")[1];
    acmeConnection = Apps.connection(sl, "acme", "acme-owner");
  }

  @AfterAll
  static void stop() {
    sl.close();
  }

  static List<RouteTable.Route> connectionRoutes() {
    return sl.server.routes().stream()
        .filter(r -> r.path().startsWith("/api/connections/{id}"))
        .toList();
  }

  static HttpResponse<String> call(RouteTable.Route route, String id, String key) {
    String path = route.path().replace("{id}", id).replace("<path>", "v1/document/list");
    String method = route.method().name();
    boolean withBody = route.method() != HandlerType.GET && route.method() != HandlerType.DELETE;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sl.server.baseUri() + path))
            .method(
                method,
                withBody
                    ? HttpRequest.BodyPublishers.ofString("{\"account_id\":\"acc-acme-owner\"}")
                    : HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json");
    return TestSignLink.send(HttpClient.newHttpClient(), b.build());
  }

  @Test
  void everyApiRouteNamingAConnectionAnswersAnotherApplicationsKeyWith404LikeAMissingOne()
      throws Exception {
    List<RouteTable.Route> routes = connectionRoutes();
    assertThat(routes).as("the route table lists the connection routes").hasSizeGreaterThan(8);
    long versionBefore =
        sl.server.runtime().connections().find(acmeConnection.id()).orElseThrow().version();
    for (RouteTable.Route route : routes) {
      HttpResponse<String> foreign = call(route, acmeConnection.id(), rivalAdmin);
      HttpResponse<String> missing =
          call(route, "00000000-0000-0000-0000-000000000000", rivalAdmin);
      String what = route.method() + " " + route.path();
      assertThat(foreign.statusCode()).as(what + ": " + foreign.body()).isEqualTo(404);
      assertThat(missing.statusCode()).as(what + " (missing)").isEqualTo(404);
      assertThat(Apps.json(foreign).get("error").asText()).as(what).isEqualTo("not_found");
      assertThat(foreign.body())
          .as(what)
          .doesNotContain("acme-owner")
          .doesNotContain("subject-acme-owner")
          .doesNotContain("AT-")
          .doesNotContain("reconnect");
    }
    Connection after = sl.server.runtime().connections().find(acmeConnection.id()).orElseThrow();
    assertThat(after.version()).as("nothing was refreshed or changed").isEqualTo(versionBefore);
    assertThat(after.applicationId()).isEqualTo("acme");
  }

  @Test
  void everyApiRouteNamingAConnectionNeedsItsScopeEvenInTheOwningApplication() throws Exception {
    for (RouteTable.Route route : connectionRoutes()) {
      String what = route.method() + " " + route.path();
      assertThat(route.doc().scopes()).as(what + " declares its scopes").isNotEmpty();
      HttpResponse<String> r = call(route, acmeConnection.id(), acmeNoScope);
      assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(403);
      assertThat(Apps.json(r).get("error").asText()).isEqualTo("insufficient_scope");
    }
  }

  @Test
  void everyApiRouteChecksTheKeyAndDeclaresTheScopesItAccepts() {
    for (RouteTable.Route route : sl.server.routes()) {
      if (route.path().startsWith("/api/")) {
        String what = route.method() + " " + route.path();
        assertThat(route.doc().auth()).as(what).isEqualTo("apiKey");
        assertThat(route.doc().scopes())
            .as(what + ": declare its scopes with RouteDoc.requiring(…)")
            .isNotEmpty();
        assertThat(route.doc().responses()).as(what).contains(401, 403);
      }
    }
  }

  @Test
  void theOpenApiDocumentListsTheScopesEachRouteAccepts() throws Exception {
    var doc = Apps.JSON.readTree(sl.get(TestSignLink.browser(), "/openapi.json").body());
    var token = doc.at("/paths/~1api~1connections~1{id}~1token/post");
    assertThat(token.get("x-signlink-scopes").toString()).isEqualTo("[\"tokens:read\"]");
    assertThat(token.at("/responses/403").isMissingNode()).isFalse();
    assertThat(doc.at("/paths/~1api~1keys/post/x-signlink-scopes").toString())
        .isEqualTo("[\"admin\"]");
  }

  @Test
  void theOwningApplicationStillReachesItsConnection() throws Exception {
    HttpResponse<String> one =
        sl.api("GET", "/api/connections/" + acmeConnection.id(), acmeAdmin, null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Apps.json(one).get("owner").asText()).isEqualTo("acme-owner");
    HttpResponse<String> token =
        sl.api("POST", "/api/connections/" + acmeConnection.id() + "/token", acmeAdmin, null);
    assertThat(token.statusCode()).isEqualTo(200);
    assertThat(Apps.json(token).get("access_token").asText()).startsWith("AT-");
  }

  @Test
  void listingsShowOnlyTheCallersApplication() throws Exception {
    Connection rivals = Apps.connection(sl, "rival", "acme-owner");
    HttpResponse<String> rivalList = sl.api("GET", "/api/connections", rivalAdmin, null);
    assertThat(rivalList.body()).contains(rivals.id()).doesNotContain(acmeConnection.id());
    HttpResponse<String> byOwner =
        sl.api("GET", "/api/connections?owner=acme-owner", rivalAdmin, null);
    assertThat(Apps.json(byOwner).get("connections")).hasSize(1);
    assertThat(byOwner.body()).contains(rivals.id()).doesNotContain(acmeConnection.id());
    HttpResponse<String> acmeList = sl.api("GET", "/api/connections", acmeAdmin, null);
    assertThat(acmeList.body()).contains(acmeConnection.id()).doesNotContain(rivals.id());
    HttpResponse<String> defaultList =
        sl.api("GET", "/api/connections", TestSignLink.ADMIN_KEY, null);
    assertThat(defaultList.body()).doesNotContain(acmeConnection.id()).doesNotContain(rivals.id());
  }

  @Test
  void anotherApplicationsAdminCannotSeeOrChangeItsApplicationOrKeys() throws Exception {
    assertThat(sl.api("GET", "/api/applications/acme", rivalAdmin, null).statusCode())
        .isEqualTo(404);
    assertThat(
            sl.api("PATCH", "/api/applications/acme", rivalAdmin, "{\"tags\":[\"x\"]}")
                .statusCode())
        .isEqualTo(404);
    assertThat(sl.api("DELETE", "/api/keys/" + acmeAdminId, rivalAdmin, null).statusCode())
        .isEqualTo(404);
    assertThat(sl.api("GET", "/api/keys", rivalAdmin, null).body()).doesNotContain(acmeAdminId);
    assertThat(
            sl.api(
                    "POST",
                    "/api/keys",
                    rivalAdmin,
                    "{\"name\":\"sneak\",\"application\":\"acme\",\"scopes\":[\"admin\"]}")
                .statusCode())
        .isEqualTo(404);
    assertThat(sl.api("POST", "/api/applications", rivalAdmin, "{\"id\":\"third\"}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> apps = sl.api("GET", "/api/applications", rivalAdmin, null);
    assertThat(Apps.json(apps).get("applications")).hasSize(1);
    assertThat(sl.api("GET", "/api/connections", acmeAdmin, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aConsoleSessionOfAnotherApplicationNeitherListsNorOpensTheConnection() {
    HttpClient browser = TestSignLink.browser();
    HttpResponse<String> login =
        TestSignLink.send(
            browser,
            HttpRequest.newBuilder(sl.uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + rivalAdmin))
                .build());
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(sl.get(browser, "/console").body()).doesNotContain(acmeConnection.id());
    assertThat(sl.get(browser, "/console/connections/" + acmeConnection.id()).statusCode())
        .isEqualTo(404);
  }
}
