package io.signlink.cli.support;

import io.signlink.cli.login.BrowserOpener;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser for tests: follows the authorization URL with the JDK client (redirects by hand, a
 * cookie jar for the emulator's consent binding), answers the emulator's consent form, and follows
 * the redirect to the CLI's loopback listener — on its own thread, as a real browser would, while
 * the CLI waits. Records every URL it visited and the page the listener finally showed.
 */
public final class ScriptedBrowser implements BrowserOpener {
  /** What the user does on the consent page. */
  public enum Answer {
    ALLOW,
    DENY,
    NOTHING
  }

  private static final Pattern INPUT =
      Pattern.compile(
          "<input type=\"(hidden|radio)\" name=\"([^\"]+)\" value=\"([^\"]*)\"([^>]*)>");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .cookieHandler(new CookieManager())
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Answer answer;
  private final List<URI> visited = new CopyOnWriteArrayList<>();
  private final List<Integer> tamperedCallbackStatuses = new CopyOnWriteArrayList<>();
  private volatile boolean tamperStateFirst;
  private volatile Consumer<URI> onOpen = uri -> {};

  /** The loopback listener's final answer (status and body), once the login ended. */
  public final CompletableFuture<HttpResponse<String>> finalPage = new CompletableFuture<>();

  /** The authorization URL the CLI asked to open. */
  public final CompletableFuture<URI> opened = new CompletableFuture<>();

  private volatile String rewriteName;
  private volatile String rewriteValue;

  public ScriptedBrowser(Answer answer) {
    this.answer = answer;
  }

  /** Before the real callback, sends one with a different state (an attacker's, or a stale tab). */
  public ScriptedBrowser tamperStateFirst() {
    this.tamperStateFirst = true;
    return this;
  }

  /**
   * Rewrites one parameter of the provider's redirect before following it, as an attacker who
   * controls the link would (e.g. {@code api_access_point} pointing at their own server).
   */
  public ScriptedBrowser rewriteCallback(String name, String value) {
    this.rewriteName = name;
    this.rewriteValue = value;
    return this;
  }

  /** Runs {@code action} with the URL instead of browsing (e.g. press Ctrl-C). */
  public ScriptedBrowser onOpen(Consumer<URI> action) {
    this.onOpen = action;
    return this;
  }

  public List<URI> visited() {
    return visited;
  }

  public List<Integer> tamperedCallbackStatuses() {
    return tamperedCallbackStatuses;
  }

  @Override
  public boolean open(URI uri) {
    opened.complete(uri);
    onOpen.accept(uri);
    if (answer != Answer.NOTHING) {
      CompletableFuture.runAsync(() -> browse(uri))
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  finalPage.completeExceptionally(failure);
                }
              });
    }
    return true;
  }

  private void browse(URI authorizationUrl) {
    try {
      HttpResponse<String> page = get(authorizationUrl);
      URI next;
      if (page.statusCode() == 302 || page.statusCode() == 303) {
        next = location(authorizationUrl, page); // auto-approved
      } else if (page.statusCode() == 200) {
        next = location(authorizationUrl, submitConsent(authorizationUrl, page.body()));
      } else {
        throw new IllegalStateException("authorization page answered " + page.statusCode());
      }
      if (rewriteName != null) {
        next = withParameter(next, rewriteName, rewriteValue);
      }
      if (tamperStateFirst) {
        HttpResponse<String> tampered = get(withParameter(next, "state", "not-the-pending-state"));
        tamperedCallbackStatuses.add(tampered.statusCode());
      }
      finalPage.complete(get(next));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> submitConsent(URI page, String html)
      throws IOException, InterruptedException {
    Matcher action = ACTION.matcher(html);
    if (!action.find()) {
      throw new IllegalStateException("no consent form on the page");
    }
    Map<String, String> form = new LinkedHashMap<>();
    String firstUser = null;
    String checkedUser = null;
    Matcher in = INPUT.matcher(html);
    while (in.find()) {
      String value = htmlDecode(in.group(3));
      if (in.group(1).equals("hidden")) {
        form.put(in.group(2), value);
      } else {
        firstUser = firstUser == null ? value : firstUser;
        checkedUser = in.group(4).contains("checked") ? value : checkedUser;
      }
    }
    form.put("user", checkedUser != null ? checkedUser : firstUser);
    form.put("decision", answer == Answer.ALLOW ? "allow" : "deny");
    List<String> pairs = new ArrayList<>();
    form.forEach((k, v) -> pairs.add(enc(k) + "=" + enc(v)));
    URI target = page.resolve(htmlDecode(action.group(1)));
    visited.add(target);
    return http.send(
        HttpRequest.newBuilder(target)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    visited.add(uri);
    return http.send(
        HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI location(URI base, HttpResponse<String> response) {
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new IllegalStateException("no redirect; status " + response.statusCode()));
    return base.resolve(location);
  }

  /** {@code uri} with one query parameter replaced. */
  public static URI withParameter(URI uri, String name, String value) {
    List<String> out = new ArrayList<>();
    for (String pair : uri.getRawQuery().split("&")) {
      out.add(pair.startsWith(name + "=") ? name + "=" + enc(value) : pair);
    }
    return URI.create(
        uri.getScheme()
            + "://"
            + uri.getRawAuthority()
            + uri.getRawPath()
            + "?"
            + String.join("&", out));
  }

  /** A query parameter of {@code uri}, decoded. */
  public static String parameter(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String htmlDecode(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
