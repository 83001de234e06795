package io.signlink.provider.definition;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.ProviderKind;
import io.signlink.provider.ProviderProfile;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link ProviderProfile} of a provider whose endpoints the definition states (not
 * discovered): picks the host choice, applies the URL overrides, fills in the templates. The rules
 * that used to live in each provider's profile factory are the definition's data now:
 *
 * <ul>
 *   <li>the chosen region's or environment's display name applies only on the real hosts; with an
 *       override the provider's own name is shown;
 *   <li>an override URL loses its trailing slashes, and an {@code _API_URL} may name the host or
 *       the host with {@code api.path} ({@code /v1}): both work;
 *   <li>no client secret means a public client (PKCE only), whatever the definition's method.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class DefinedProfiles {
  private DefinedProfiles() {}

  /** The profile for {@code settings}. */
  public static ProviderProfile profile(
      ProviderDefinition definition, ProviderClientSettings settings) {
    return builder(definition, settings).build();
  }

  /** As {@link #profile}, returning the builder to change more (tests, the emulator). */
  public static ProviderProfile.Builder builder(ProviderDefinition d, ProviderClientSettings s) {
    return builder(d, s, Map.of());
  }

  /**
   * The profile of one connection whose checked callback values are {@code callbackValues} (see
   * {@link DefinedCallbackValues}): its host choice and the URL values fill in the templates.
   */
  static ProviderProfile.Builder builder(
      ProviderDefinition d, ProviderClientSettings s, Map<String, String> callbackValues) {
    if (d.discovery()) {
      throw new IllegalArgumentException(
          "the " + d.id() + " definition discovers its endpoints; use DefinedProviders.create");
    }
    Map<String, String> vars = variables(d, s, callbackValues);
    ProviderDefinition.Endpoints e = d.endpoints();
    String issuer = e.issuer() == null ? vars.get("account") : expand(d, e.issuer(), vars);
    return ProviderProfile.builder()
        .id(s.id())
        .kind(kind(d))
        .definition(d.id())
        .displayName(displayName(d, s))
        .issuer(issuer)
        .authorizationEndpoint(uri(d, e.authorization(), vars))
        .tokenEndpoint(uri(d, e.token(), vars))
        .refreshEndpoint(uri(d, e.refresh(), vars))
        .revocationEndpoint(uri(d, e.revocation(), vars))
        .userinfoEndpoint(uri(d, e.userinfo(), vars))
        .jwksUri(uri(d, e.jwks(), vars))
        .apiBaseUri(apiBase(d, vars))
        .clientId(s.clientId())
        .clientSecret(s.clientSecret())
        .clientAuth(clientAuth(d, s))
        .scopes(s.scopes().isEmpty() ? d.scopes().defaults() : s.scopes())
        .scopeSeparator(d.scopes().separator())
        .scopePlacement(d.scopes().placement())
        .extraAuthorizationParameters(d.authorizationParameters())
        .openId(d.openId())
        .issParameterSupported(d.issParameter())
        .pkce(d.pkce())
        .authScheme(d.api().authScheme())
        .quirks(d.protocolQuirks())
        .defaultAccessTokenLifetime(d.defaultAccessTokenLifetime())
        .refreshTokenPolicy(d.refresh().policy());
  }

  /**
   * The template variables for {@code settings}: the definition's fixed ones, the chosen host's,
   * then the overrides (trailing slashes removed).
   */
  public static Map<String, String> variables(ProviderDefinition d, ProviderClientSettings s) {
    return variables(d, s, Map.of());
  }

  /**
   * The template variables of one connection: as {@link #variables(ProviderDefinition,
   * ProviderClientSettings)}, but with the host choice its callback named (Zoho's {@code location})
   * and its checked URL values (Acrobat Sign's {@code api_access_point}) last. An override may name
   * the choosing parameter in braces ({@code
   * SIGNLINK_ZOHOSIGN_API_URL=http://127.0.0.1:8090/zohosign/{location}}); it is filled in here.
   */
  static Map<String, String> variables(
      ProviderDefinition d, ProviderClientSettings s, Map<String, String> callbackValues) {
    Map<String, String> vars = new HashMap<>(d.variables());
    String chooser = chooser(d);
    String choiceName =
        chooser != null && callbackValues.containsKey(chooser)
            ? callbackValues.get(chooser)
            : choiceName(d, s);
    ProviderDefinition.HostChoice choice = choice(d, choiceName);
    if (choice != null) {
      vars.putAll(choice.variables());
    }
    s.overrides().forEach((k, v) -> vars.put(k, stripSlashes(braces(v.toString()))));
    String path = d.api().path();
    String api = vars.get("api");
    if (api != null && !path.isEmpty() && api.endsWith(path) && s.overrides().containsKey("api")) {
      vars.put("api", api.substring(0, api.length() - path.length()));
    }
    if (chooser != null) {
      vars.put(chooser, choiceName);
    }
    callbackValues.forEach(
        (k, v) -> {
          if (!k.equals(chooser)) {
            vars.put(k, v);
          }
        });
    if (chooser != null) {
      for (String k : s.overrides().keySet()) {
        String v = vars.get(k);
        if (v != null && v.contains("{")) {
          vars.put(k, expand(d, v, Map.of(chooser, choiceName)));
        }
      }
    }
    return vars;
  }

  /** The callback parameter that names the host choice (Zoho's {@code location}), or null. */
  static String chooser(ProviderDefinition d) {
    return d.callbackChecks().entrySet().stream()
        .filter(e -> e.getValue().namesHostChoice())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  /** An override stores a placeholder escaped ({@code %7Blocation%7D}); back to {@code {..}}. */
  private static String braces(String url) {
    return url.replaceAll("%7[Bb]([A-Za-z0-9_-]+)%7[Dd]", "{$1}");
  }

  /** The chosen host choice, or {@code null} when the definition has fixed hosts. */
  static ProviderDefinition.HostChoice choice(ProviderDefinition d, ProviderClientSettings s) {
    return choice(d, choiceName(d, s));
  }

  /** The configured host choice's name, or {@code null} for fixed hosts. */
  static String choiceName(ProviderDefinition d, ProviderClientSettings s) {
    if (d.hosts() == null) {
      return null;
    }
    return s.hostChoice() == null
        ? d.hosts().defaultChoice()
        : s.hostChoice().trim().toLowerCase(Locale.ROOT);
  }

  private static ProviderDefinition.HostChoice choice(ProviderDefinition d, String name) {
    if (d.hosts() == null) {
      return null;
    }
    ProviderDefinition.HostChoice c = d.hosts().choices().get(name);
    if (c == null) {
      throw new ConfigurationException(
          d.settingsPrefix() + d.hosts().setting(),
          "must be " + oneOf(d.hosts().choices().keySet()) + " (not '" + name + "')");
    }
    return c;
  }

  /** "a or b" for two, "one of a, b, c" for more. */
  static String oneOf(java.util.Collection<String> names) {
    java.util.List<String> list = java.util.List.copyOf(names);
    return list.size() == 2
        ? list.get(0) + " or " + list.get(1)
        : "one of " + String.join(", ", list);
  }

  private static String displayName(ProviderDefinition d, ProviderClientSettings s) {
    ProviderDefinition.HostChoice c = choice(d, s);
    return c != null && c.displayName() != null && s.overrides().isEmpty()
        ? c.displayName()
        : d.displayName();
  }

  /** The legacy family tag whose built-in definition this is, else {@code DEFINED}. */
  private static ProviderKind kind(ProviderDefinition d) {
    for (ProviderKind k : ProviderKind.values()) {
      if (d.id().equals(k.definitionId())) {
        return k;
      }
    }
    return ProviderKind.DEFINED;
  }

  private static ClientAuthMethod clientAuth(ProviderDefinition d, ProviderClientSettings s) {
    if (s.clientSecret() == null) {
      return ClientAuthMethod.NONE;
    }
    return s.clientAuth() != null ? s.clientAuth() : d.clientAuth();
  }

  private static URI apiBase(ProviderDefinition d, Map<String, String> vars) {
    if (d.api().base() == null) {
      return null;
    }
    return URI.create(stripSlashes(expand(d, d.api().base(), vars)) + d.api().path());
  }

  private static URI uri(ProviderDefinition d, String template, Map<String, String> vars) {
    return template == null ? null : URI.create(expand(d, template, vars));
  }

  private static String expand(ProviderDefinition d, String template, Map<String, String> vars) {
    try {
      return Templates.expand(template, vars);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("provider definition " + d.id(), e.getMessage());
    }
  }

  private static String stripSlashes(String s) {
    return s.replaceAll("/+$", "");
  }
}
