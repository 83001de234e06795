package io.signlink.it.providers;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's browser for the consent step, over real sockets: it opens the authorization URL, keeps
 * cookies (the emulator binds its consent form to the browser), answers the consent page if one is
 * shown, and stops at the redirect back to the client — whose query the test feeds to {@code
 * ConnectFlow.complete}, as SignLink's callback route would. Not thread-safe.
 */
public final class ConsentBrowser {
  /** What the user answers on the consent page. */
  public enum Answer {
    ALLOW,
    DENY
  }

  /** The last page or redirect the browser got. */
  public record Page(int status, URI location, String body) {}

  private static final Pattern ACTION = Pattern.compile("<form[^>]*action=\"([^\"]*)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * Opens {@code authorizationUrl} and, on a consent page, answers as the seeded user {@code
   * userSub} (or the page's default when {@code null}). Returns the redirect to the client's
   * callback, or the page when there was none (an error page).
   */
  public Page authorize(URI authorizationUrl, Answer answer, String userSub) {
    Page page = get(authorizationUrl);
    if (page.location() != null || page.status() != 200 || !page.body().contains("<form")) {
      return page;
    }
    Matcher action = ACTION.matcher(page.body());
    if (!action.find()) {
      throw new AssertionError("the consent page has no form action");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("request_id", hidden(page.body(), "request_id"));
    form.put("csrf_token", hidden(page.body(), "csrf_token"));
    form.put("user", userSub != null ? userSub : checkedUser(page.body()));
    form.put("decision", answer == Answer.ALLOW ? "allow" : "deny");
    return post(authorizationUrl.resolve(unescape(action.group(1))), form);
  }

  /** The decoded query parameters of a redirect, as the callback route would read them. */
  public static Map<String, String> query(URI redirect) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = redirect.getRawQuery();
    if (raw == null) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(decode(name), decode(value));
    }
    return params;
  }

  private Page get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET().build());
  }

  private Page post(URI uri, Map<String, String> form) {
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build());
  }

  private Page send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      URI location =
          response.headers().firstValue("Location").map(l -> request.uri().resolve(l)).orElse(null);
      return new Page(response.statusCode(), location, response.body());
    } catch (IOException e) {
      throw new AssertionError("the browser could not reach " + request.uri().getHost(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("the consent page has no " + name);
    }
    return unescape(m.group(1));
  }

  private static String checkedUser(String html) {
    Matcher m = Pattern.compile("name=\"user\" value=\"([^\"]*)\" checked").matcher(html);
    if (m.find()) {
      return unescape(m.group(1));
    }
    Matcher first = Pattern.compile("name=\"user\" value=\"([^\"]*)\"").matcher(html);
    return first.find() ? unescape(first.group(1)) : null;
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
