package io.signlink.it.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionDraft;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenRefresher;
import io.signlink.emulator.DemoClients;
import io.signlink.error.InvalidResponseException;
import io.signlink.http.ErrorResponses;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Talks OAuth to the emulator's DocuSign authorization server for the lifecycle tests: a real
 * consent (authorize with PKCE, auto-approved, then the code exchange) to create connections, and
 * the refresh-token grant as a {@link TokenRefresher}. Errors are classified by core's {@link
 * ErrorResponses}, so the token manager sees exactly what the production refresher would give it.
 * Thread-safe.
 */
final class EmulatorOAuth implements TokenRefresher {
  static final String REDIRECT = "http://127.0.0.1:9/callback";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI accountBase;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final HttpTransport http;

  EmulatorOAuth(URI docuSignAccountBase, Clock clock) {
    this(docuSignAccountBase, DemoClients.DOCUSIGN_INTEGRATION_KEY, DemoClients.DOCUSIGN_SECRET, clock,
        new JdkHttpTransport(Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  EmulatorOAuth(URI accountBase, String clientId, String clientSecret, Clock clock, HttpTransport http) {
    this.accountBase = accountBase;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.http = http;
  }

  /** The same client with another secret (for invalid_client tests). */
  EmulatorOAuth withSecret(String secret) {
    return new EmulatorOAuth(accountBase, clientId, secret, clock, http);
  }

  /** Runs a consent for the default user and stores the connection for {@code owner}. */
  Connection connect(ConnectionStore store, String owner) {
    TokenSet tokens = consent();
    return store.upsert(new ConnectionDraft("docusign", owner, "emulator-user", null, null, null, null,
        tokens.scopes(), tokens)).connection();
  }

  /** Authorization code with PKCE against the auto-approving emulator, then the code exchange. */
  TokenSet consent() {
    String verifier = b64(bytes(32));
    String challenge = b64(sha256(verifier));
    URI authorize = URI.create(accountBase + "/oauth/auth?" + form(Map.of(
        "response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT,
        "scope", "signature extended", "state", b64(bytes(16)),
        "code_challenge", challenge, "code_challenge_method", "S256")));
    HttpResult redirect = http.send(HttpRequest.newBuilder(authorize).GET().build(), 64 * 1024);
    String location = redirect.header("Location").orElseThrow(
        () -> new AssertionError("the emulator did not redirect back: " + redirect.status()));
    String code = query(URI.create(location)).get("code");
    return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
        "code_verifier", verifier), Set.of("signature", "extended"));
  }

  @Override
  public TokenSet refresh(Connection c) {
    return token(Map.of("grant_type", "refresh_token", "refresh_token", c.tokens().refreshToken().reveal()), c.scopes());
  }

  private TokenSet token(Map<String, String> params, Set<String> requestedScopes) {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(accountBase + "/oauth/token"))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(params)))
        .build();
    HttpResult result = http.send(request, 64 * 1024);
    Instant received = clock.instant();
    if (!result.isSuccess()) {
      throw ErrorResponses.classify("docusign", "token request", result, clock);
    }
    try {
      JsonNode json = JSON.readTree(result.body());
      Set<String> scopes = json.hasNonNull("scope")
          ? Arrays.stream(json.get("scope").asText().split(" ")).collect(Collectors.toCollection(HashSet::new))
          : requestedScopes;
      return new TokenSet(
          Secret.of(json.get("access_token").asText()),
          json.get("token_type").asText(),
          Secret.ofNullable(json.path("refresh_token").asText(null)),
          null,
          scopes,
          received,
          received.plusSeconds(json.path("expires_in").asLong(3600)),
          null);
    } catch (IOException | RuntimeException e) {
      throw new InvalidResponseException(InvalidResponseException.Kind.MALFORMED, "bad token response", e);
    }
  }

  /** True when the emulator's userinfo accepts {@code accessToken}. */
  boolean accepts(Secret accessToken) {
    HttpResult r = http.send(HttpRequest.newBuilder(URI.create(accountBase + "/oauth/userinfo"))
        .header("Authorization", "Bearer " + accessToken.reveal()).GET().build(), 64 * 1024);
    return r.status() == 200;
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
