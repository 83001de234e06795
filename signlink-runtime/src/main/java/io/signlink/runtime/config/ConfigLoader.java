package io.signlink.runtime.config;

import io.signlink.application.WebhookEvents;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.DefinitionSettings;
import io.signlink.provider.definition.ProviderClientSettings;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns {@code SIGNLINK_*} variables (environment over the optional properties file) into a {@link
 * SignLinkConfig}. Stateless.
 */
final class ConfigLoader {
  private ConfigLoader() {}

  static SignLinkConfig load(Map<String, String> env, Path configFile) {
    return load(env, configFile, ProviderDefinitions.builtIn());
  }

  /**
   * @param definitions the provider definitions whose clients the settings may configure
   */
  static SignLinkConfig load(
      Map<String, String> env, Path configFile, ProviderDefinitions definitions) {
    Map<String, String> merged = new HashMap<>();
    Path file = configFile;
    if (file == null
        && env.get("SIGNLINK_CONFIG") != null
        && !env.get("SIGNLINK_CONFIG").isBlank()) {
      file = ConfigFiles.expandHome(env.get("SIGNLINK_CONFIG").trim());
    }
    if (file != null) {
      merged.putAll(ConfigFiles.read(file));
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("SIGNLINK_")) {
            merged.put(k, v);
          }
        });
    Settings settings = new Settings(merged);
    SignLinkConfig config = fromSettings(settings, env, definitions);
    UnknownSettings.report(settings.names(), settings.asked());
    return config;
  }

  private static SignLinkConfig fromSettings(
      Settings s, Map<String, String> env, ProviderDefinitions definitions) {
    SignLinkConfig.Builder b = SignLinkConfig.builder();
    b.dataDir(s.path("SIGNLINK_DATA_DIR").orElseGet(() -> ConfigFiles.defaultDataDir(env)));
    s.string("SIGNLINK_DB_URL").ifPresent(b::databaseUrl);
    s.secret("SIGNLINK_KEYSET").ifPresent(b::keysetJson);
    s.path("SIGNLINK_KEYSET_FILE").ifPresent(b::keysetFile);
    s.url("SIGNLINK_PUBLIC_URL", "https://signlink.example.com").ifPresent(b::publicUrl);
    s.string("SIGNLINK_BIND").ifPresent(b::bindAddress);
    s.port("SIGNLINK_PORT").ifPresent(b::port);
    s.secret("SIGNLINK_ADMIN_KEY").ifPresent(b::adminKey);
    b.devMode(s.flag("SIGNLINK_DEV_MODE"));
    // SIGNLINK_PROVIDER_DEFINITIONS: files added to the definitions in hand (built-in or handed in)
    DefinitionFiles files =
        s.path(DefinitionFiles.SETTING)
            .map(dir -> DefinitionFiles.read(dir, definitions))
            .orElse(DefinitionFiles.NONE);
    b.definitionFiles(files);
    providers(s, files.addTo(definitions)).forEach(b::provider);
    b.webhooks(webhooks(s));
    long maxBody =
        s.string("SIGNLINK_PROXY_MAX_BODY")
            .map(v -> ProxySettings.parseSize("SIGNLINK_PROXY_MAX_BODY", v))
            .orElse(ProxySettings.DEFAULT_MAX_BODY_BYTES);
    int maxInFlight =
        s.string("SIGNLINK_PROXY_MAX_IN_FLIGHT")
            .map(v -> ProxySettings.parseInFlight("SIGNLINK_PROXY_MAX_IN_FLIGHT", v))
            .orElse(ProxySettings.DEFAULT_MAX_IN_FLIGHT);
    b.proxy(new ProxySettings(maxBody, maxInFlight));
    b.refresh(
        RefreshSettings.read(
            s.string("SIGNLINK_REFRESH_MARGIN"), s.string("SIGNLINK_REFRESH_FRACTION")));
    b.connect(
        new ConnectSettings(
            s.list("SIGNLINK_CONNECT_RETURN_URLS"),
            s.string("SIGNLINK_APPLICATION_NAME").orElse(null)));
    return b.build();
  }

  /**
   * Every configured client of every provider definition, read the same way for each ({@code
   * SIGNLINK_<ID>_CLIENT_ID}, …, docs/PROVIDER-DEFINITIONS.md), in the definitions' order: those in
   * hand, then those of {@code SIGNLINK_PROVIDER_DEFINITIONS}.
   */
  private static List<ProviderSettings> providers(Settings s, ProviderDefinitions definitions) {
    Set<String> reserved = new TreeSet<>();
    for (ProviderDefinition d : definitions.all()) {
      if (!DefinitionSettings.named(d)) {
        reserved.add(d.id());
      }
    }
    DefinitionSettings.Source source = s.asDefinitionSource();
    List<ProviderSettings> out = new ArrayList<>();
    for (ProviderDefinition d : definitions.all()) {
      for (ProviderClientSettings c : DefinitionSettings.read(d, source, reserved)) {
        out.add(d.discovery() ? ProviderSettings.Oidc.of(c) : new ProviderSettings.Defined(c));
      }
    }
    return out;
  }

  private static WebhookSettings webhooks(Settings s) {
    List<String> raw = s.list("SIGNLINK_WEBHOOK_URLS");
    List<String> events = s.list("SIGNLINK_WEBHOOK_EVENTS");
    String problem = WebhookEvents.problem(events);
    if (problem != null) {
      throw new ConfigurationException("SIGNLINK_WEBHOOK_EVENTS", problem);
    }
    if (raw.isEmpty()) {
      return WebhookSettings.NONE;
    }
    List<URI> urls = new ArrayList<>();
    for (String u : raw) {
      URI uri =
          Settings.parseUrl("SIGNLINK_WEBHOOK_URLS", u, "https://app.example.com/hooks/signlink");
      if (!uri.getScheme().equalsIgnoreCase("https") && !SignLinkConfig.isLoopback(uri.getHost())) {
        throw new ConfigurationException(
            "SIGNLINK_WEBHOOK_URLS",
            "every URL must use https (http only on loopback), e.g. https://app.example.com/hooks");
      }
      urls.add(uri);
    }
    String secret =
        s.string("SIGNLINK_WEBHOOK_SECRET")
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "SIGNLINK_WEBHOOK_SECRET",
                        "is required when SIGNLINK_WEBHOOK_URLS is set; use 32+ random characters"));
    if (secret.length() < 16) {
      throw new ConfigurationException(
          "SIGNLINK_WEBHOOK_SECRET", "must be at least 16 characters; use 32+ random characters");
    }
    return new WebhookSettings(
        urls, io.signlink.oauth.Secret.of(secret), new java.util.LinkedHashSet<>(events));
  }
}
