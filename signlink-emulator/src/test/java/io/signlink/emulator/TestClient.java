package io.signlink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.emulator.oauth.Pkce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OAuth client for the tests, over real sockets with the JDK HttpClient (HTTP/1.1, no
 * redirects followed, cookies kept). It is deliberately written from the RFCs, not from SignLink.
 */
final class TestClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String REDIRECT = "http://127.0.0.1:9999/callback";

  /**
   * One DocuSign JWT-grant key pair for the whole run: RSA generation per emulator would dominate
   * the suite.
   */
  static final KeyPair JWT_KEYS = rsaKeyPair();

  final HttpClient http;
  final Emulator emu;

  TestClient(Emulator emu) {
    this.emu = emu;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** A config builder sharing {@link #JWT_KEYS}. */
  static EmulatorConfig.Builder config() {
    return EmulatorConfig.builder().docuSignJwtKeyPair(JWT_KEYS);
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PKCE values for one flow. */
  record Pkce2(String verifier, String challenge) {
    static Pkce2 fresh() {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      return new Pkce2(verifier, Pkce.s256(verifier));
    }
  }

  HttpResponse<String> get(String uri, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<String> postForm(String uri, Map<String, String> form, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String basic(String id, String secret) {
    String pair =
        URLEncoder.encode(id, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  static String encode(Map<String, String> form) {
    StringBuilder sb = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (v != null) {
            sb.append(sb.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return sb.toString();
  }

  static Map<String, String> form(String... kv) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put(kv[i], kv[i + 1]);
    }
    return map;
  }

  /** {@code base} with {@code query} appended, form-encoded; null values are left out. */
  static String url(String base, Map<String, String> query) {
    return base + (base.contains("?") ? "&" : "?") + encode(query);
  }

  /** The query parameters of a redirect's Location. */
  static Map<String, String> locationParams(HttpResponse<String> response) {
    String location = response.headers().firstValue("Location").orElseThrow();
    Map<String, String> params = new LinkedHashMap<>();
    String query = URI.create(location).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A hidden input's value on the consent page. */
  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no hidden field " + name + " in page");
    }
    return m.group(1);
  }

  // ---- BoldSign ----

  String boldSignAuthorizeUrl(
      String clientId,
      String redirectUri,
      String scope,
      String state,
      Pkce2 pkce,
      String... extra) {
    Map<String, String> q =
        form(
            "response_type",
            "code",
            "client_id",
            clientId,
            "redirect_uri",
            redirectUri,
            "scope",
            scope,
            "state",
            state,
            "nonce",
            "n-" + state);
    if (pkce != null) {
      q.put("code_challenge", pkce.challenge());
      q.put("code_challenge_method", "S256");
    }
    for (int i = 0; i < extra.length; i += 2) {
      q.put(extra[i], extra[i + 1]);
    }
    return emu.boldSignAccountBase() + "/connect/authorize?" + encode(q);
  }

  /** Authorize (auto-approve must be on) and return the code. */
  String boldSignCode(String scope, Pkce2 pkce) {
    HttpResponse<String> r =
        get(boldSignAuthorizeUrl(DemoClients.BOLDSIGN_CLIENT_ID, REDIRECT, scope, "st1", pkce));
    if (r.statusCode() != 302) {
      throw new AssertionError("authorize answered " + r.statusCode() + ": " + r.body());
    }
    return locationParams(r).get("code");
  }

  HttpResponse<String> boldSignToken(Map<String, String> form) {
    return postForm(emu.boldSignAccountBase() + "/connect/token", form);
  }

  HttpResponse<String> boldSignExchange(String code, Pkce2 pkce) {
    return boldSignToken(
        form(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            REDIRECT,
            "code_verifier",
            pkce.verifier(),
            "client_id",
            DemoClients.BOLDSIGN_CLIENT_ID,
            "client_secret",
            DemoClients.BOLDSIGN_CLIENT_SECRET));
  }

  HttpResponse<String> boldSignRefresh(String refreshToken) {
    return boldSignToken(
        form(
            "grant_type",
            "refresh_token",
            "refresh_token",
            refreshToken,
            "client_id",
            DemoClients.BOLDSIGN_CLIENT_ID,
            "client_secret",
            DemoClients.BOLDSIGN_CLIENT_SECRET));
  }

  /** A full BoldSign authorization with offline_access; returns the token response. */
  JsonNode boldSignTokens() {
    return boldSignTokens("openid profile email offline_access BoldSign.Documents.All");
  }

  JsonNode boldSignTokens(String scope) {
    Pkce2 pkce = Pkce2.fresh();
    HttpResponse<String> r = boldSignExchange(boldSignCode(scope, pkce), pkce);
    if (r.statusCode() != 200) {
      throw new AssertionError("token answered " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }

  HttpResponse<String> boldSignDocuments(String accessToken) {
    return get(
        emu.boldSignApiBase() + "/v1/document/list?Page=1&PageSize=10",
        "Authorization",
        "Bearer " + accessToken);
  }

  // ---- DocuSign ----

  String docuSignAuthorizeUrl(
      String clientId,
      String redirectUri,
      String scope,
      String state,
      Pkce2 pkce,
      String... extra) {
    Map<String, String> q =
        form(
            "response_type",
            "code",
            "client_id",
            clientId,
            "redirect_uri",
            redirectUri,
            "scope",
            scope,
            "state",
            state);
    if (pkce != null) {
      q.put("code_challenge", pkce.challenge());
      q.put("code_challenge_method", "S256");
    }
    for (int i = 0; i < extra.length; i += 2) {
      q.put(extra[i], extra[i + 1]);
    }
    return emu.docuSignAccountBase() + "/oauth/auth?" + encode(q);
  }

  String docuSignCode(String scope, Pkce2 pkce, String... extra) {
    HttpResponse<String> r =
        get(
            docuSignAuthorizeUrl(
                DemoClients.DOCUSIGN_INTEGRATION_KEY, REDIRECT, scope, "ds1", pkce, extra));
    if (r.statusCode() != 302) {
      throw new AssertionError("authorize answered " + r.statusCode() + ": " + r.body());
    }
    return locationParams(r).get("code");
  }

  HttpResponse<String> docuSignToken(Map<String, String> form) {
    return postForm(
        emu.docuSignAccountBase() + "/oauth/token",
        form,
        "Authorization",
        basic(DemoClients.DOCUSIGN_INTEGRATION_KEY, DemoClients.DOCUSIGN_SECRET));
  }

  JsonNode docuSignTokens(String... extra) {
    Pkce2 pkce = Pkce2.fresh();
    HttpResponse<String> r =
        docuSignToken(
            form(
                "grant_type",
                "authorization_code",
                "code",
                docuSignCode("signature extended", pkce, extra),
                "redirect_uri",
                REDIRECT,
                "code_verifier",
                pkce.verifier()));
    if (r.statusCode() != 200) {
      throw new AssertionError("token answered " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }
}
