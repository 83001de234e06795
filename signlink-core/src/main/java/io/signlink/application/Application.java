package io.signlink.application;

import io.signlink.oauth.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One integrating application. Immutable; {@code toString()} prints no webhook secret (a {@link
 * Secret}).
 *
 * @param id short stable id used in API paths and stored on keys and connections
 * @param name unique display name, shown to end users on the connect page
 * @param returnUrls absolute URLs a connect session may send the browser back to (exact match)
 * @param webhookUrl where this application's connection events are POSTed, or {@code null}
 * @param webhookSecret the key that signs them, or {@code null} (required with a URL)
 * @param webhookEvents event wire names the webhook receives; empty means {@link
 *     WebhookEvents#DEFAULT} (every event but {@code connection.refreshed})
 * @param tags short labels copied into every event of this application
 */
public record Application(
    String id,
    String name,
    List<URI> returnUrls,
    URI webhookUrl,
    Secret webhookSecret,
    Set<String> webhookEvents,
    List<String> tags,
    Instant createdAt) {
  /** The id of the application everything made before applications existed belongs to. */
  public static final String DEFAULT_ID = "default";

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:=-]{1,64}");

  public Application {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    returnUrls = returnUrls == null ? List.of() : List.copyOf(returnUrls);
    webhookEvents = webhookEvents == null ? Set.of() : Set.copyOf(webhookEvents);
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (webhookUrl != null && webhookSecret == null) {
      throw new IllegalArgumentException("a webhook URL needs a webhook secret");
    }
  }

  /** Why {@code id} cannot be an application id, or {@code null} when it can. */
  public static String idProblem(String id) {
    return id != null && ID.matcher(id).matches()
        ? null
        : "an application id is 1 to 63 characters: lower-case letters, digits, '-' and '_',"
            + " starting with a letter or digit";
  }

  /**
   * Why {@code url} cannot be a return or webhook URL, or {@code null} when it can: absolute https
   * (http only on a loopback host), no user info, no fragment (SECURITY.md §open-redirect).
   */
  public static String urlProblem(URI url) {
    if (url == null || !url.isAbsolute() || url.getHost() == null) {
      return "a URL must be absolute, like https://app.example.com/done";
    }
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    String host = url.getHost();
    boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    if (!(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      return "a URL must use https (http only on localhost): " + url;
    }
    if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
      return "a URL must have no user info and no fragment: " + url;
    }
    return null;
  }

  /** Why {@code tag} cannot be a tag, or {@code null} when it can. */
  public static String tagProblem(String tag) {
    return tag != null && TAG.matcher(tag).matches()
        ? null
        : "a tag is 1 to 64 characters: letters, digits and _ . : = -";
  }

  /** True when the webhook is set and wants events named {@code wireName}. */
  public boolean wantsEvent(String wireName) {
    return webhookUrl != null && WebhookEvents.wants(webhookEvents, wireName);
  }

  /** True when {@code url} is exactly one of the allow-listed return URLs. */
  public boolean allowsReturnUrl(URI url) {
    return url != null && returnUrls.contains(url);
  }
}
