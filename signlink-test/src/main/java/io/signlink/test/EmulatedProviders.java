package io.signlink.test;

import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.Faults;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The emulated providers of one test class: the settings that point SignLink at them, a browser
 * that answers their consent pages, the seeded user to sign in as, and the fault switches. Given to
 * test methods by {@link SignLinkEmulator}. Thread-safe: the emulator is, and each consent uses its
 * own cookie jar.
 */
public final class EmulatedProviders {
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\"");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final Emulator emulator;
  private final List<String> added;

  EmulatedProviders(Emulator emulator, List<String> added) {
    this.emulator = emulator;
    this.added = List.copyOf(added);
  }

  /** The emulator itself, for anything this class does not wrap (stats, key rotation, …). */
  public Emulator emulator() {
    return emulator;
  }

  /**
   * {@code SIGNLINK_*} settings for BoldSign, DocuSign and the providers the test added with {@link
   * SignLinkEmulator#profiles()} against this emulator, with its public demo clients — to pass to
   * {@code SignLinkConfig.fromEnvironment(…)} or a Spring property source (merge your own data
   * folder, keyset and public URL in).
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>(builtInSettings());
    added.forEach(id -> s.putAll(settings(id)));
    return Map.copyOf(s);
  }

  /**
   * {@code SIGNLINK_<ID>_CLIENT_ID}, {@code _CLIENT_SECRET} (the profile's first confidential demo
   * client), {@code _ACCOUNT_URL} (where its authorization endpoint lives) and {@code _API_URL} for
   * the named providers — e.g. {@code settings("zohosign")} for a built-in profile that {@link
   * #settings()} leaves out. BoldSign and DocuSign get exactly the entries {@link #settings()} has.
   *
   * @throws IllegalArgumentException for a provider this emulator does not emulate
   */
  public Map<String, String> settings(String... providerIds) {
    Map<String, String> s = new LinkedHashMap<>();
    Map<String, String> builtIn = builtInSettings();
    for (String id : providerIds) {
      Provider provider = emulator.provider(id);
      String prefix = "SIGNLINK_" + id.toUpperCase(Locale.ROOT) + "_";
      if (provider.equals(Provider.BOLDSIGN) || provider.equals(Provider.DOCUSIGN)) {
        builtIn.forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                s.put(k, v);
              }
            });
        continue;
      }
      ClientSpec client =
          emulator.profile(provider).clients().stream()
              .filter(c -> c.clientSecret() != null)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(id + "'s profile seeds no confidential client"));
      s.put(prefix + "CLIENT_ID", client.clientId());
      s.put(prefix + "CLIENT_SECRET", client.clientSecret());
      // ACCOUNT_URL, API_URL and, where the redirect names the account's hosts (Acrobat Sign,
      // Zoho Sign), CALLBACK_URLS
      emulator.signLinkHostSettings(provider).forEach((k, v) -> s.put(prefix + k, v));
    }
    return Map.copyOf(s);
  }

  /** The provider with this profile id, to pass to {@link #signInAs}. */
  public Provider provider(String id) {
    return emulator.provider(id);
  }

  private Map<String, String> builtInSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("SIGNLINK_BOLDSIGN_CLIENT_ID", DemoClients.BOLDSIGN_CLIENT_ID);
    s.put("SIGNLINK_BOLDSIGN_CLIENT_SECRET", DemoClients.BOLDSIGN_CLIENT_SECRET);
    s.put("SIGNLINK_BOLDSIGN_ACCOUNT_URL", emulator.boldSignAccountBase().toString());
    s.put("SIGNLINK_BOLDSIGN_API_URL", emulator.boldSignApiBase().toString());
    s.put("SIGNLINK_DOCUSIGN_CLIENT_ID", DemoClients.DOCUSIGN_INTEGRATION_KEY);
    s.put("SIGNLINK_DOCUSIGN_CLIENT_SECRET", DemoClients.DOCUSIGN_SECRET);
    s.put("SIGNLINK_DOCUSIGN_ACCOUNT_URL", emulator.docuSignAccountBase().toString());
    return s;
  }

  /** The provider's next approvals are this seeded user's (by {@code sub} or e-mail). */
  public void signInAs(Provider provider, String subOrEmail) {
    emulator.signInAs(provider, subOrEmail);
  }

  /** Token and API faults: failing, delaying or losing the next answers. */
  public Faults faults() {
    return emulator.faults();
  }

  /**
   * Plays the user who opens {@code authorizationUrl} and clicks "Allow": returns the redirect
   * SignLink receives ({@code …/callback/{provider}?code=…&state=…}), for the test to deliver to
   * SignLink.
   */
  public URI approve(URI authorizationUrl) {
    return decide(authorizationUrl, "allow");
  }

  /**
   * Plays the user who clicks "Deny": returns the redirect carrying {@code error=access_denied}.
   */
  public URI deny(URI authorizationUrl) {
    return decide(authorizationUrl, "deny");
  }

  void reset() {
    emulator.faults().clear();
    emulator.signOutEveryone();
  }

  private URI decide(URI authorizationUrl, String decision) {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> page = send(browser, HttpRequest.newBuilder(authorizationUrl).build());
    if (page.statusCode() == 302 || page.statusCode() == 303) {
      if (decision.equals("deny")) {
        throw new IllegalStateException(
            "the emulator approved at once (auto-approve); use @SignLinkEmulator(autoApprove ="
                + " false) to answer the consent page with deny");
      }
      return location(page);
    }
    if (page.statusCode() != 200) {
      throw new IllegalStateException(
          "the authorization URL answered " + page.statusCode() + ": " + page.body());
    }
    Matcher action = ACTION.matcher(page.body());
    if (!action.find()) {
      throw new IllegalStateException("no consent form on the authorization page");
    }
    Map<String, String> form = new LinkedHashMap<>();
    Matcher hidden = HIDDEN.matcher(page.body());
    while (hidden.find()) {
      form.put(hidden.group(1), hidden.group(2));
    }
    form.put("decision", decision);
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        send(
            browser,
            HttpRequest.newBuilder(authorizationUrl.resolve(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    return location(answer);
  }

  private static URI location(HttpResponse<String> response) {
    return URI.create(
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "expected a redirect, got "
                            + response.statusCode()
                            + ": "
                            + response.body())));
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while answering the consent page", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The running emulator in JUnit's store; closed with the test class. */
  record Running(EmulatedProviders providers) implements AutoCloseable {
    @Override
    public void close() {
      providers.emulator.close();
    }
  }
}
