package io.signlink.it.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the Maven Central distribution, unpacked by the {@code keycloak} profile into
 * {@code keycloak.home}) started with {@code kc.sh start-dev} on free loopback ports, its own data
 * folder, and an admin client for its REST API. One realm is set up with strict refresh-token
 * rotation ("Revoke Refresh Token", max reuse 0). Close it to stop the process. Not thread-safe.
 */
final class KeycloakServer implements AutoCloseable {
  static final String REALM = "signlink";
  static final String CLIENT_ID = "signlink";
  static final String CLIENT_SECRET = "kc-secret-" + Long.toHexString(System.nanoTime());
  static final String PASSWORD = "Pw-" + Long.toHexString(System.nanoTime());

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private String adminToken;
  private int keyPriority = 200;

  private KeycloakServer(Process process, int port, Path dataDir) {
    this.process = process;
    this.port = port;
    this.dataDir = dataDir;
  }

  static KeycloakServer start() throws Exception {
    String home = System.getProperty("keycloak.home");
    if (home == null || !Files.isDirectory(Path.of(home))) {
      throw new IllegalStateException(
          "keycloak.home is not set or missing; run with -Pkeycloak, which unpacks Keycloak");
    }
    int port = freePort();
    int management = freePort();
    Path data = Files.createTempDirectory("keycloak-data");
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash", // the unpacked script may have lost its executable bit
            Path.of(home, "bin", "kc.sh").toString(),
            "start-dev",
            "--http-host=127.0.0.1",
            "--http-port=" + port,
            "--http-management-port=" + management,
            "--db=dev-mem", // a fresh in-memory database per run
            "--cache=local");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD);
    pb.redirectErrorStream(true);
    pb.redirectOutput(data.resolve("keycloak.log").toFile());
    KeycloakServer kc = new KeycloakServer(pb.start(), port, data);
    // 182 s was seen at load average 25 on two cores (its first start builds the server)
    kc.awaitReady(Duration.ofMinutes(8));
    kc.adminToken = kc.adminToken();
    kc.createRealm();
    return kc;
  }

  String issuer() {
    return base() + "/realms/" + REALM;
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates a user with a password; {@code offlineRole} false removes the default roles. */
  String createUser(String username, boolean offlineRole) throws Exception {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("email", username + "@example.com");
    user.put("emailVerified", true);
    user.put("firstName", username);
    user.put("lastName", "Tester");
    user.put(
        "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
    HttpResponse<String> created = admin("POST", "/users", user);
    String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    if (!offlineRole) {
      JsonNode defaults = json(admin("GET", "/roles/default-roles-" + REALM, null));
      admin(
          "DELETE",
          "/users/" + id + "/role-mappings/realm",
          List.of(
              Map.of("id", defaults.get("id").asText(), "name", defaults.get("name").asText())));
    }
    return id;
  }

  /** A new RS256 key with a higher priority than every earlier one: it signs from now on. */
  void rotateSigningKey() throws Exception {
    String realmId = json(admin("GET", "", null)).get("id").asText();
    keyPriority += 10;
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("name", "rotated-" + keyPriority);
    component.put("providerId", "rsa-generated");
    component.put("providerType", "org.keycloak.keys.KeyProvider");
    component.put("parentId", realmId);
    component.put(
        "config",
        Map.of(
            "priority", List.of(String.valueOf(keyPriority)),
            "enabled", List.of("true"),
            "active", List.of("true"),
            "algorithm", List.of("RS256")));
    admin("POST", "/components", component);
  }

  /** Sets the realm's access-token lifespan; tokens issued from now on live that long. */
  void accessTokenLifespan(int seconds) throws Exception {
    admin("PUT", "", Map.of("realm", REALM, "accessTokenLifespan", seconds));
  }

  /** How many events of {@code type} (e.g. REFRESH_TOKEN) Keycloak recorded for SignLink. */
  int events(String type) throws Exception {
    return json(admin(
            "GET", "/events?client=" + CLIENT_ID + "&type=" + type + "&max=1000000", null))
        .size();
  }

  /** The user's offline sessions for SignLink's client. */
  int offlineSessions(String userId) throws Exception {
    String clientUuid =
        json(admin("GET", "/clients?clientId=" + CLIENT_ID, null)).get(0).get("id").asText();
    return json(admin("GET", "/users/" + userId + "/offline-sessions/" + clientUuid, null)).size();
  }

  /**
   * Signs in at Keycloak's login form as a browser would and returns the redirect back to SignLink
   * (code, state, iss).
   */
  URI login(URI authorizationUrl, String username) throws Exception {
    // Cookies by hand: Keycloak marks its login cookies Secure even on http, which the JDK's
    // CookieManager then never sends back to http://127.0.0.1, unlike a browser on loopback.
    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> form =
        browser.send(
            HttpRequest.newBuilder(authorizationUrl).build(), HttpResponse.BodyHandlers.ofString());
    String cookies =
        form.headers().allValues("Set-Cookie").stream()
            .map(c -> c.split(";", 2)[0].trim())
            .collect(Collectors.joining("; "));
    if (form.statusCode() == 302) {
      return URI.create(form.headers().firstValue("Location").orElseThrow());
    }
    Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form.body());
    if (!action.find()) {
      throw new AssertionError("no login form: HTTP " + form.statusCode());
    }
    URI post = URI.create(action.group(1).replace("&amp;", "&"));
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(post)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "username", username, "password", PASSWORD, "credentialId", ""))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 302) {
      throw new AssertionError("login did not redirect: HTTP " + answer.statusCode());
    }
    return URI.create(answer.headers().firstValue("Location").orElseThrow());
  }

  private void createRealm() throws Exception {
    Map<String, Object> realm = new LinkedHashMap<>();
    realm.put("realm", REALM);
    realm.put("enabled", true);
    realm.put("revokeRefreshToken", true); // strict rotation: a refresh token works once
    realm.put("refreshTokenMaxReuse", 0);
    realm.put("accessTokenLifespan", 300);
    // Keycloak's own record of refreshes, counted by the lifecycle tests
    realm.put("eventsEnabled", true);
    realm.put("enabledEventTypes", List.of("REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"));
    HttpResponse<String> r = send("POST", base() + "/admin/realms", realm);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("realm creation failed: HTTP " + r.statusCode());
    }
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", CLIENT_ID);
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("secret", CLIENT_SECRET);
    client.put("standardFlowEnabled", true);
    client.put("directAccessGrantsEnabled", false);
    client.put("redirectUris", List.of("http://127.0.0.1/callback/keycloak"));
    client.put("attributes", Map.of("pkce.code.challenge.method", "S256"));
    admin("POST", "/clients", client);
  }

  private String adminToken() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "grant_type", "password",
                                "client_id", "admin-cli",
                                "username", "admin",
                                "password", PASSWORD))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  private HttpResponse<String> admin(String method, String path, Object body) throws Exception {
    HttpResponse<String> r = send(method, base() + "/admin/realms/" + REALM + path, body);
    if (r.statusCode() == 401) {
      adminToken = adminToken(); // the admin token lives one minute
      r = send(method, base() + "/admin/realms/" + REALM + path, body);
    }
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " failed: HTTP " + r.statusCode());
    }
    return r;
  }

  private HttpResponse<String> send(String method, String url, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminToken);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private void awaitReady(Duration timeout) throws Exception {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited early; see " + dataDir.resolve("keycloak.log"));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/realms/master"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(
        "Keycloak did not start within " + timeout + "; see " + dataDir.resolve("keycloak.log"));
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
