package io.signlink.spring.boot;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@code signlink.*} properties into the service's {@code SIGNLINK_*} settings, so that one
 * parser (with its checks) reads both, and turns its messages back into property names: a Spring
 * user is told about {@code signlink.providers.docusign.client-id}, not {@code
 * SIGNLINK_DOCUSIGN_CLIENT_ID}. Immutable.
 *
 * @param values the {@code SIGNLINK_*} settings
 * @param properties the property each setting came from
 */
record SettingsMap(Map<String, String> values, Map<String, String> properties) {

  SettingsMap {
    values = Map.copyOf(values);
    properties = Map.copyOf(properties);
  }

  /**
   * With the built-in provider definitions.
   *
   * @param publicUrl the application's public URL, already defaulted
   */
  static SettingsMap of(SignLinkProperties p, URI publicUrl) {
    return of(p, publicUrl, ProviderDefinitions.builtIn());
  }

  /**
   * @param publicUrl the application's public URL, already defaulted
   * @param definitions the provider definitions the runtime opens with: a provider's settings take
   *     its definition's prefix ({@code settings_prefix}), so that one added by the application is
   *     configured like a built-in one
   */
  static SettingsMap of(SignLinkProperties p, URI publicUrl, ProviderDefinitions definitions) {
    Builder s = new Builder();
    Path dataDir =
        p.dataDir() != null ? p.dataDir() : Path.of(System.getProperty("user.home"), ".signlink");
    s.put("SIGNLINK_DATA_DIR", "signlink.data-dir", dataDir);
    s.put("SIGNLINK_PUBLIC_URL", "signlink.public-url", callbackBase(publicUrl, p.web().path()));
    s.put("SIGNLINK_DB_URL", "signlink.store.url", p.store().url());
    s.put("SIGNLINK_KEYSET_FILE", "signlink.keyset.file", p.keyset().file());
    s.put("SIGNLINK_KEYSET", "signlink.keyset.json", p.keyset().json());
    s.put("SIGNLINK_REFRESH_MARGIN", "signlink.refresh.margin", p.refresh().margin());
    s.put("SIGNLINK_REFRESH_FRACTION", "signlink.refresh.fraction", p.refresh().fraction());
    p.providers().forEach((id, provider) -> provider(s, id, provider, definitions));
    return new SettingsMap(s.values, s.properties);
  }

  /**
   * Where the callback routes live: {@code {public-url}{web.path}}, so that the redirect URI is
   * {@code …/callback/{provider}} under the routes' path.
   */
  static URI callbackBase(URI publicUrl, String path) {
    String base = publicUrl.toString().replaceAll("/+$", "");
    String p = path == null ? "" : path.strip().replaceAll("/+$", "");
    if (!p.isEmpty() && !p.startsWith("/")) {
      p = "/" + p;
    }
    return URI.create(base + p);
  }

  /** The same failure, naming properties instead of {@code SIGNLINK_*} variables. */
  ConfigurationException inPropertyNames(ConfigurationException e) {
    String setting = properties.getOrDefault(e.setting(), e.setting());
    String message = e.getMessage();
    String prefix = e.setting() + ": ";
    message = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    for (String name :
        properties.keySet().stream()
            .sorted(Comparator.comparing(String::length).reversed())
            .toList()) {
      message = message.replace(name, properties.get(name));
    }
    return new ConfigurationException(setting, message);
  }

  private static void provider(
      Builder s, String id, SignLinkProperties.Provider p, ProviderDefinitions definitions) {
    String key = id.toUpperCase(Locale.ROOT).replace('-', '_');
    String env =
        p.issuer() != null
            ? "SIGNLINK_OIDC_" + key + "_"
            : definitions
                .find(id)
                .filter(d -> !DefinitionSettings.named(d))
                .map(ProviderDefinition::settingsPrefix)
                .orElse("SIGNLINK_" + key + "_");
    String prop = "signlink.providers." + id + ".";
    s.put(env + "ISSUER", prop + "issuer", p.issuer());
    s.put(env + "CLIENT_ID", prop + "client-id", p.clientId());
    s.put(env + "CLIENT_SECRET", prop + "client-secret", p.clientSecret());
    s.put(env + "REGION", prop + "region", p.region());
    s.put(env + "ENVIRONMENT", prop + "environment", p.environment());
    s.put(
        env + "SCOPES",
        prop + "scopes",
        p.scopes().isEmpty() ? null : String.join(" ", p.scopes()));
    s.put(env + "ACCOUNT_URL", prop + "account-url", p.accountUrl());
    s.put(env + "API_URL", prop + "api-url", p.apiUrl());
    s.put(env + "CLIENT_AUTH", prop + "client-auth", p.clientAuth());
    s.put(env + "OFFLINE_ACCESS", prop + "offline-access", p.offlineAccess());
  }

  private static final class Builder {
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> properties = new LinkedHashMap<>();

    void put(String name, String property, Object value) {
      properties.put(name, property);
      if (value != null && !value.toString().isBlank()) {
        values.put(name, value.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "SettingsMap" + values.keySet(); // the values may hold secrets
  }
}
