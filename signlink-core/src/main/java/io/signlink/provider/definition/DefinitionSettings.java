package io.signlink.provider.definition;

import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import io.signlink.provider.ClientAuthMethod;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a definition's settings, the same way for every provider: {@code <prefix>CLIENT_ID}, {@code
 * _CLIENT_SECRET}, {@code _SCOPES}, the host choice ({@code _REGION} or {@code _ENVIRONMENT}, as
 * the definition names it), {@code _ACCOUNT_URL} and {@code _API_URL} where the definition has
 * those hosts; a discovered provider reads {@code _ISSUER}, {@code _CLIENT_AUTH} and {@code
 * _OFFLINE_ACCESS} instead of URLs. A definition whose prefix holds {@code {NAME}} ({@code
 * SIGNLINK_OIDC_{NAME}_}) is configured any number of times, once per name. Stateless.
 */
public final class DefinitionSettings {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final String NAME_PLACEHOLDER = "{NAME}";

  /** Where settings come from (the server's merged environment and file, a test's map). */
  public interface Source {
    Optional<String> string(String name);

    Optional<Secret> secret(String name);

    /** An absolute http(s) URL, or a {@link ConfigurationException} showing {@code example}. */
    Optional<URI> url(String name, String example);

    /** A comma- or space-separated list; empty when unset. */
    List<String> list(String name);

    /** Every set name with this prefix, sorted. */
    List<String> namesStartingWith(String prefix);
  }

  private DefinitionSettings() {}

  /** The settings prefix of one configured instance ({@code name} only for {@code {NAME}}). */
  public static String prefix(ProviderDefinition d, String name) {
    return d.settingsPrefix()
        .replace(NAME_PLACEHOLDER, name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** True when the definition is configured once per name ({@code SIGNLINK_OIDC_{NAME}_}). */
  public static boolean named(ProviderDefinition d) {
    return d.settingsPrefix().contains(NAME_PLACEHOLDER);
  }

  /**
   * The suffixes a deployment sets to turn the provider on: {@code CLIENT_ID} and {@code
   * CLIENT_SECRET}, after {@code ISSUER} for a discovered provider. (A public client leaves the
   * secret out; every other suffix of {@link #suffixes} has a default.)
   */
  public static List<String> required(ProviderDefinition d) {
    return d.discovery()
        ? List.of("ISSUER", "CLIENT_ID", "CLIENT_SECRET")
        : List.of("CLIENT_ID", "CLIENT_SECRET");
  }

  /** The setting suffixes the definition reads, in a stable order. */
  public static List<String> suffixes(ProviderDefinition d) {
    Set<String> out = new LinkedHashSet<>(List.of("CLIENT_ID", "CLIENT_SECRET", "SCOPES"));
    if (d.discovery()) {
      out.addAll(List.of("ISSUER", "CLIENT_AUTH", "OFFLINE_ACCESS"));
      return List.copyOf(out);
    }
    if (d.hosts() != null) {
      out.add(d.hosts().setting());
    }
    Set<String> vars = hostVariables(d);
    if (vars.contains("account")) {
      out.add("ACCOUNT_URL");
    }
    if (vars.contains("api")) {
      out.add("API_URL");
    }
    if (!d.callbackParameters().isEmpty()) {
      out.add(DefinedCallbackValues.URLS_OPTION);
    }
    return List.copyOf(out);
  }

  /**
   * Every client of {@code d} that {@code source} configures: none when its client id is unset (and
   * nothing else of it is set), one, or for a named definition one per name.
   *
   * @param reserved provider ids a name may not take (the other definitions' ids)
   */
  public static List<ProviderClientSettings> read(
      ProviderDefinition d, Source source, Set<String> reserved) {
    if (!named(d)) {
      return read(d, d.id(), prefix(d, d.id()), source).map(List::of).orElse(List.of());
    }
    String before = d.settingsPrefix().substring(0, d.settingsPrefix().indexOf(NAME_PLACEHOLDER));
    String anchor = d.discovery() ? "ISSUER" : "CLIENT_ID";
    List<ProviderClientSettings> out = new ArrayList<>();
    for (String name : source.namesStartingWith(before)) {
      if (!name.endsWith("_" + anchor)) {
        continue;
      }
      String upper = name.substring(before.length(), name.length() - anchor.length() - 1);
      String id = upper.toLowerCase(Locale.ROOT).replace('_', '-');
      if (!NAME.matcher(id).matches() || reserved.contains(id)) {
        throw new ConfigurationException(
            name,
            "the provider name must be letters, digits and _ and not "
                + String.join(
                    " or ", reserved.stream().sorted().map(DefinitionSettings::upper).toList())
                + ", e.g. "
                + before
                + "KEYCLOAK_"
                + anchor);
      }
      read(d, id, before + upper + "_", source).ifPresent(out::add);
    }
    for (String name : source.namesStartingWith(before)) {
      String suffixes = String.join("|", suffixes(d));
      String base = name.replaceFirst("_(" + suffixes + ")$", "_" + anchor);
      if (!name.endsWith("_" + anchor) && source.string(base).isEmpty()) {
        throw new ConfigurationException(
            base,
            "is required because "
                + name
                + " is set; "
                + (d.discovery()
                    ? "set the provider's issuer URL, e.g. https://login.example.com/realms/main"
                    : "set the OAuth client id from the provider's developer console"));
      }
    }
    return out;
  }

  private static Optional<ProviderClientSettings> read(
      ProviderDefinition d, String id, String prefix, Source s) {
    if (d.discovery()) {
      return Optional.of(discovered(d, id, prefix, s));
    }
    Optional<String> clientId = s.string(prefix + "CLIENT_ID");
    if (clientId.isEmpty()) {
      List<String> stray = s.namesStartingWith(prefix);
      if (!stray.isEmpty()) {
        throw new ConfigurationException(
            prefix + "CLIENT_ID",
            "is required because "
                + stray.get(0)
                + " is set; set the OAuth client id (integration"
                + " key) from the provider's developer console");
      }
      return Optional.empty();
    }
    String choice = null;
    if (d.hosts() != null) {
      choice =
          s.string(prefix + d.hosts().setting())
              .orElse(d.hosts().defaultChoice())
              .toLowerCase(Locale.ROOT);
    }
    Map<String, URI> overrides = new HashMap<>();
    Map<String, String> examples = examples(d);
    Map<String, String> options = new HashMap<>();
    for (String suffix : suffixes(d)) {
      if (suffix.equals("ACCOUNT_URL")) {
        url(d, s, prefix + suffix, examples.get("account"))
            .ifPresent(u -> overrides.put("account", u));
      } else if (suffix.equals("API_URL")) {
        url(d, s, prefix + suffix, examples.get("api")).ifPresent(u -> overrides.put("api", u));
      } else if (suffix.equals(DefinedCallbackValues.URLS_OPTION)) {
        List<String> urls = s.list(prefix + suffix);
        if (!urls.isEmpty()) {
          options.put(suffix, String.join(",", urls));
        }
      }
    }
    ProviderClientSettings client =
        new ProviderClientSettings(
            d.id(),
            id,
            clientId.get(),
            s.secret(prefix + "CLIENT_SECRET").orElse(null),
            choice,
            overrides,
            s.list(prefix + "SCOPES"),
            null,
            options);
    DefinedProfiles.choice(d, client); // fails now, naming the setting, for an unknown choice
    return Optional.of(client);
  }

  /**
   * An {@code _ACCOUNT_URL}/{@code _API_URL} override. It may name the callback parameter that
   * chooses the host ({@code http://127.0.0.1:8090/zohosign/{location}}): the emulator's data
   * centres are path prefixes, so a connection's host follows its {@code location}. The braces are
   * kept escaped in the URI and filled in per connection by {@link DefinedProfiles}.
   */
  private static Optional<URI> url(ProviderDefinition d, Source s, String name, String example) {
    Optional<String> raw = s.string(name);
    if (raw.isEmpty() || !raw.get().contains("{")) {
      return s.url(name, example);
    }
    String chooser = DefinedProfiles.chooser(d);
    String v = raw.get().trim();
    for (String used : Templates.variables(v)) {
      if (!used.equals(chooser)) {
        throw new ConfigurationException(
            name,
            "may name only "
                + (chooser == null ? "no variable" : "{" + chooser + "}")
                + " in braces (not {"
                + used
                + "}), e.g. "
                + example);
      }
    }
    String sample = Templates.expand(v, Map.of(chooser, d.hosts().defaultChoice()));
    URI parsed;
    try {
      parsed = new URI(sample);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigurationException(name, "is not a URL, e.g. " + example);
    }
    io.signlink.provider.HttpsPolicy.problem(parsed)
        .ifPresent(
            problem -> {
              throw new ConfigurationException(name, problem + ", e.g. " + example);
            });
    return Optional.of(URI.create(v.replace("{", "%7B").replace("}", "%7D")));
  }

  private static ProviderClientSettings discovered(
      ProviderDefinition d, String id, String prefix, Source s) {
    URI issuer =
        s.url(prefix + "ISSUER", "https://login.example.com/realms/main")
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        prefix + "ISSUER", "is required: the provider's issuer URL"));
    String clientId =
        s.string(prefix + "CLIENT_ID")
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        prefix + "CLIENT_ID", "is required; set it, e.g. signlink-server"));
    return new ProviderClientSettings(
        d.id(),
        id,
        clientId,
        s.secret(prefix + "CLIENT_SECRET").orElse(null),
        null,
        Map.of("issuer", issuer),
        s.list(prefix + "SCOPES"),
        clientAuth(s, prefix + "CLIENT_AUTH"),
        Map.of("OFFLINE_ACCESS", offlineAccess(s, prefix + "OFFLINE_ACCESS")));
  }

  /** {@code auto} (or unset) chooses from discovery; else one of the methods SignLink speaks. */
  private static ClientAuthMethod clientAuth(Source s, String name) {
    String v = s.string(name).orElse("auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto" -> null;
      case "client_secret_basic" -> ClientAuthMethod.CLIENT_SECRET_BASIC;
      case "client_secret_post" -> ClientAuthMethod.CLIENT_SECRET_POST;
      default ->
          throw new ConfigurationException(
              name,
              "must be auto, client_secret_basic or client_secret_post (not '"
                  + v
                  + "'); private_key_jwt is not supported");
    };
  }

  private static String offlineAccess(Source s, String name) {
    String v = s.string(name).orElse("auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto" -> "AUTO";
      case "true", "yes", "always" -> "ALWAYS";
      case "false", "no", "never" -> "NEVER";
      default ->
          throw new ConfigurationException(
              name,
              "must be auto (request offline_access when the provider announces it), true or"
                  + " false (not '"
                  + v
                  + "')");
    };
  }

  /** The default host choice's variables (the real hosts), shown as examples in URL errors. */
  private static Map<String, String> examples(ProviderDefinition d) {
    Map<String, String> out = new HashMap<>(d.variables());
    if (d.hosts() != null) {
      out.putAll(d.hosts().choices().get(d.hosts().defaultChoice()).variables());
    }
    return out;
  }

  private static Set<String> hostVariables(ProviderDefinition d) {
    Set<String> out = new LinkedHashSet<>(d.variables().keySet());
    if (d.hosts() != null) {
      d.hosts().choices().values().forEach(c -> out.addAll(c.variables().keySet()));
    }
    return out;
  }

  private static String upper(String id) {
    return id.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
