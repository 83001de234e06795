package io.signlink.provider.definition;

import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.CallbackValues;
import io.signlink.provider.HttpsPolicy;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@link CallbackValues} of a definition with {@code callback_parameters}: each value from the
 * redirect is checked by its {@code callback_checks} rule before anything is sent, and the
 * connection's profile is built from the values that passed (SECURITY.md §callback-hosts).
 *
 * <ul>
 *   <li>{@code allowed_urls}: the value must be an {@code https} URL whose host matches one pattern
 *       ({@code *} is exactly one DNS label), with no user info, no port, no query, no fragment and
 *       no path beyond {@code /}. It is kept as {@code https://host}, lower case, without a
 *       trailing slash, so a template such as {@code {api_access_point}/oauth/v2/token} can never
 *       be bent into another host ({@code https://api.na1.adobesign.com.evil.example}).
 *   <li>{@code names_host_choice}: the value names one of the definition's host choices (Zoho's
 *       {@code location=eu}); that choice's variables apply to the connection.
 *   <li>{@code equals_host_variable}: the value must equal the chosen host choice's variable of the
 *       same name (Zoho's {@code accounts-server} must be {@code https://accounts.zoho.eu} when
 *       {@code location} is {@code eu}).
 * </ul>
 *
 * <p>With {@code <prefix>CALLBACK_URLS} set (the emulator, tests, a proxy in front), URL values are
 * checked against those URL prefixes instead: same scheme, host and port, and the path equal to the
 * prefix's or below it. Values are checked again when a connection's profile is built, so a value
 * changed in the database cannot send a refresh token elsewhere. Immutable and thread-safe.
 */
public final class DefinedCallbackValues implements CallbackValues {
  /** The option of {@link ProviderClientSettings#options()} holding the override prefixes. */
  public static final String URLS_OPTION = "CALLBACK_URLS";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]*");

  private final ProviderDefinition definition;
  private final ProviderClientSettings settings;
  private final List<URI> prefixes;
  private final String setting;

  public DefinedCallbackValues(ProviderDefinition definition, ProviderClientSettings settings) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.setting = DefinitionSettings.prefix(definition, settings.id()) + URLS_OPTION;
    this.prefixes = prefixes(settings.options().get(URLS_OPTION), setting);
  }

  @Override
  public List<String> parameters() {
    return definition.callbackParameters();
  }

  @Override
  public Map<String, String> accept(Map<String, String> callbackParams) {
    Map<String, String> present = new LinkedHashMap<>();
    for (String name : definition.callbackParameters()) {
      String v = callbackParams.get(name);
      if (v != null && !v.isEmpty()) {
        present.put(name, v);
      }
    }
    try {
      return check(present);
    } catch (Refused r) {
      throw new AuthorizationFlowException(
          AuthorizationFlowException.Reason.UNTRUSTED_CALLBACK_VALUE,
          definition.displayName()
              + "'s redirect parameter "
              + r.parameter
              + " "
              + r.getMessage()
              + "; nothing was sent to it",
          null);
    }
  }

  @Override
  public ProviderProfile profile(ProviderProfile configured, Map<String, String> values) {
    Map<String, String> checked;
    try {
      checked = check(values);
    } catch (Refused r) {
      throw new ConfigurationException(
          "connection of provider " + settings.id(),
          "its kept "
              + r.parameter
              + " "
              + r.getMessage()
              + "; reconnect it (or, for a test setup, list the host in "
              + setting
              + ")");
    }
    return DefinedProfiles.builder(definition, settings, checked)
        .id(configured.id())
        .displayName(configured.displayName())
        .build();
  }

  /** The values in canonical form, or {@link Refused} naming the first that fails its rule. */
  private Map<String, String> check(Map<String, String> values) {
    String chooser = DefinedProfiles.chooser(definition);
    String choice = DefinedProfiles.choiceName(definition, settings);
    Map<String, String> out = new LinkedHashMap<>();
    if (chooser != null && values.containsKey(chooser)) {
      String named = values.get(chooser).trim().toLowerCase(Locale.ROOT);
      if (!definition.hosts().choices().containsKey(named)) {
        throw new Refused(
            chooser,
            "names no data centre or region SignLink knows (one of "
                + definition.hosts().choices().keySet()
                + ")");
      }
      choice = named;
      out.put(chooser, named);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      String name = e.getKey();
      ProviderDefinition.CallbackCheck rule = definition.callbackChecks().get(name);
      if (rule == null) {
        throw new Refused(name, "is not a callback parameter of this provider");
      }
      if (rule.namesHostChoice()) {
        continue;
      }
      String url = canonical(name, e.getValue());
      if (!prefixes.isEmpty()) {
        requireUnderPrefix(name, url);
      } else if (rule.equalsHostVariable()) {
        String expected =
            stripSlash(definition.hosts().choices().get(choice).variables().get(name));
        if (!url.equals(expected.toLowerCase(Locale.ROOT))) {
          throw new Refused(
              name,
              "names a server that does not belong to the data centre "
                  + choice
                  + " (expected "
                  + expected
                  + ")");
        }
      } else {
        requireAllowedHost(name, url, rule.allowedUrls());
      }
      out.put(name, url);
    }
    return out;
  }

  /**
   * {@code scheme://host[:port][/path]} lower-cased (scheme and host), without a trailing slash;
   * refuses user info, queries, fragments, dot segments and escapes in the path.
   */
  private static String canonical(String name, String raw) {
    URI uri;
    try {
      uri = new URI(raw.trim());
    } catch (URISyntaxException e) {
      throw new Refused(name, "is not a URL");
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      throw new Refused(name, "is not an absolute URL with a host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Refused(name, "is not an https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused(name, "carries user info (user@host), which is never accepted");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new Refused(name, "carries a query or fragment, which is never accepted");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      throw new Refused(name, "ends its host name with a dot");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    StringBuilder clean = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (!SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
        throw new Refused(name, "has a path SignLink does not accept");
      }
      clean.append('/').append(segment);
    }
    if (path.contains("//")) {
      throw new Refused(name, "has a path SignLink does not accept");
    }
    return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + clean;
  }

  private void requireAllowedHost(String name, String url, List<String> patterns) {
    for (String p : patterns) {
      if (hostPattern(p).matcher(url).matches()) {
        return;
      }
    }
    throw new Refused(
        name,
        "names "
            + url
            + ", which is not among the hosts the provider definition allows "
            + patterns
            + " (https, no port, no path)");
  }

  private void requireUnderPrefix(String name, String url) {
    for (URI p : prefixes) {
      String prefix = p.toString();
      if (url.equals(prefix) || url.startsWith(prefix + "/")) {
        return;
      }
    }
    throw new Refused(name, "names " + url + ", which is not under " + setting + " " + prefixes);
  }

  /** {@code https://api.*.adobesign.com} as a regex over a canonical URL. */
  static Pattern hostPattern(String pattern) {
    String host = pattern.substring("https://".length());
    StringBuilder re = new StringBuilder("https://");
    String[] labels = host.split("\\.");
    for (int i = 0; i < labels.length; i++) {
      if (i > 0) {
        re.append("\\.");
      }
      re.append(
          labels[i].equals("*")
              ? "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
              : Pattern.quote(labels[i]));
    }
    return Pattern.compile(re.toString());
  }

  private static List<URI> prefixes(String value, String setting) {
    List<URI> out = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    for (String part : value.split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      String canonical;
      try {
        canonical = canonical(setting, part);
      } catch (Refused r) {
        throw new ConfigurationException(
            setting, "holds " + part + ", which " + r.getMessage() + "; list URL prefixes");
      }
      URI uri = URI.create(canonical);
      HttpsPolicy.problem(uri)
          .ifPresent(
              problem -> {
                throw new ConfigurationException(setting, "holds " + part + ", which " + problem);
              });
      out.add(uri);
    }
    return List.copyOf(out);
  }

  private static String stripSlash(String s) {
    return s.replaceAll("/+$", "");
  }

  /** A value that failed its rule; never carries the code or any secret. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    Refused(String parameter, String message) {
      super(message, null, false, false);
      this.parameter = parameter;
    }
  }
}
