package io.signlink.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain OAuth client for the provider-profile tests, over real sockets: it knows nothing of the
 * profiles, only URLs, forms and headers, as a provider's own documentation would tell a client.
 */
final class ProfileClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String VERIFIER = "profile-test-verifier-0123456789-abcdefghijklmnop";
  static final String CHALLENGE = s256(VERIFIER);

  private final Emulator emu;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(new CookieManager())
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  ProfileClient(Emulator emu) {
    this.emu = emu;
  }

  /** {@code {emulator base}{path}}. */
  String at(String path) {
    return emu.baseUri() + path;
  }

  HttpResponse<String> get(String url, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /** POSTs {@code form} (name, value, …) form-encoded, with optional headers after a null. */
  HttpResponse<String> post(String url, Map<String, String> form, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  /**
   * Opens an authorization URL as the user's browser and, if a consent page is shown, allows it (as
   * {@code user}'s sub when given); returns the redirect the client receives.
   */
  HttpResponse<String> authorize(String url, String user) {
    HttpResponse<String> page = get(url);
    if (page.statusCode() != 200) {
      return page;
    }
    Matcher action =
        Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.body());
    if (!action.find()) {
      throw new AssertionError("no consent form: " + page.body());
    }
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("request_id", hidden(page.body(), "request_id"));
    answer.put("csrf_token", hidden(page.body(), "csrf_token"));
    answer.put("decision", "allow");
    answer.put("user", user != null ? user : checkedUser(page.body()));
    return post(URI.create(url).resolve(action.group(1)).toString(), answer);
  }

  static Map<String, String> form(String... kv) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put(kv[i], kv[i + 1]);
    }
    return map;
  }

  static String url(String base, Map<String, String> query) {
    return base + (base.contains("?") ? "&" : "?") + encode(query);
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> callback(HttpResponse<String> redirect) {
    String location =
        redirect
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no redirect: " + redirect.statusCode() + " " + redirect.body()));
    Map<String, String> params = new LinkedHashMap<>();
    params.put(
        "_uri", location.contains("?") ? location.substring(0, location.indexOf('?')) : location);
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
      throw new UncheckedIOException(response.body(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(Map<String, String> form) {
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

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no hidden field " + name);
    }
    return m.group(1);
  }

  private static String checkedUser(String html) {
    Matcher m = Pattern.compile("name=\"user\" value=\"([^\"]*)\" checked").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no preselected user on the consent page");
    }
    return m.group(1);
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
