package io.signlink.runtime.config;

import io.signlink.application.WebhookEvents;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ClientAuthMethod;
import io.signlink.provider.oidc.OidcDiscovery;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@code SIGNLINK_*} variables (environment over the optional properties file) into a {@link
 * SignLinkConfig}. Stateless.
 */
final class ConfigLoader {
  private static final String OIDC_PREFIX = "SIGNLINK_OIDC_";

  private ConfigLoader() {}

  static SignLinkConfig load(Map<String, String> env, Path configFile) {
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
    SignLinkConfig config = fromSettings(settings, env);
    UnknownSettings.report(settings.names(), settings.asked());
    return config;
  }

  private static SignLinkConfig fromSettings(Settings s, Map<String, String> env) {
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
    boldSign(s).ifPresent(b::provider);
    docuSign(s).ifPresent(b::provider);
    for (ProviderSettings.Oidc oidc : oidcProviders(s)) {
      b.provider(oidc);
    }
    b.webhooks(webhooks(s));
    s.string("SIGNLINK_PROXY_MAX_BODY")
        .ifPresent(
            v -> b.proxy(new ProxySettings(ProxySettings.parseSize("SIGNLINK_PROXY_MAX_BODY", v))));
    b.refresh(
        RefreshSettings.read(
            s.string("SIGNLINK_REFRESH_MARGIN"), s.string("SIGNLINK_REFRESH_FRACTION")));
    b.connect(
        new ConnectSettings(
            s.list("SIGNLINK_CONNECT_RETURN_URLS"),
            s.string("SIGNLINK_APPLICATION_NAME").orElse(null)));
    return b.build();
  }

  private static Optional<ProviderSettings> boldSign(Settings s) {
    Optional<String> clientId = s.string("SIGNLINK_BOLDSIGN_CLIENT_ID");
    if (clientId.isEmpty()) {
      requireAbsentWithout(s, "SIGNLINK_BOLDSIGN_", "SIGNLINK_BOLDSIGN_CLIENT_ID");
      return Optional.empty();
    }
    String region = s.string("SIGNLINK_BOLDSIGN_REGION").orElse("us").toLowerCase(Locale.ROOT);
    if (!ProviderSettings.BoldSign.REGIONS.contains(region)) {
      throw new ConfigurationException(
          "SIGNLINK_BOLDSIGN_REGION", "must be one of us, eu, ca, au (not '" + region + "')");
    }
    return Optional.of(
        new ProviderSettings.BoldSign(
            clientId.get(),
            s.secret("SIGNLINK_BOLDSIGN_CLIENT_SECRET").orElse(null),
            region,
            s.url("SIGNLINK_BOLDSIGN_ACCOUNT_URL", "https://account.boldsign.com").orElse(null),
            s.url("SIGNLINK_BOLDSIGN_API_URL", "https://api.boldsign.com").orElse(null),
            s.list("SIGNLINK_BOLDSIGN_SCOPES")));
  }

  private static Optional<ProviderSettings> docuSign(Settings s) {
    Optional<String> clientId = s.string("SIGNLINK_DOCUSIGN_CLIENT_ID");
    if (clientId.isEmpty()) {
      requireAbsentWithout(s, "SIGNLINK_DOCUSIGN_", "SIGNLINK_DOCUSIGN_CLIENT_ID");
      return Optional.empty();
    }
    String env = s.string("SIGNLINK_DOCUSIGN_ENVIRONMENT").orElse("demo").toLowerCase(Locale.ROOT);
    if (!env.equals("demo") && !env.equals("production")) {
      throw new ConfigurationException(
          "SIGNLINK_DOCUSIGN_ENVIRONMENT", "must be demo or production (not '" + env + "')");
    }
    return Optional.of(
        new ProviderSettings.DocuSign(
            clientId.get(),
            s.secret("SIGNLINK_DOCUSIGN_CLIENT_SECRET").orElse(null),
            env.equals("production"),
            s.url("SIGNLINK_DOCUSIGN_ACCOUNT_URL", "https://account-d.docusign.com").orElse(null),
            s.list("SIGNLINK_DOCUSIGN_SCOPES")));
  }

  private static List<ProviderSettings.Oidc> oidcProviders(Settings s) {
    List<ProviderSettings.Oidc> out = new ArrayList<>();
    for (String name : s.namesStartingWith(OIDC_PREFIX)) {
      if (!name.endsWith("_ISSUER")) {
        continue;
      }
      String upper = name.substring(OIDC_PREFIX.length(), name.length() - "_ISSUER".length());
      String id = upper.toLowerCase(Locale.ROOT).replace('_', '-');
      if (!ProviderSettings.Oidc.ID.matcher(id).matches()
          || id.equals("boldsign")
          || id.equals("docusign")) {
        throw new ConfigurationException(
            name,
            "the provider name must be letters, digits and _ and not BOLDSIGN or DOCUSIGN,"
                + " e.g. SIGNLINK_OIDC_KEYCLOAK_ISSUER");
      }
      String prefix = OIDC_PREFIX + upper + "_";
      URI issuer = s.url(name, "https://login.example.com/realms/main").orElseThrow();
      String clientId = s.required(prefix + "CLIENT_ID", "signlink-server");
      out.add(
          new ProviderSettings.Oidc(
              id,
              issuer,
              clientId,
              s.secret(prefix + "CLIENT_SECRET").orElse(null),
              s.list(prefix + "SCOPES"),
              clientAuth(s, prefix + "CLIENT_AUTH"),
              offlineAccess(s, prefix + "OFFLINE_ACCESS")));
    }
    for (String name : s.namesStartingWith(OIDC_PREFIX)) {
      String base =
          name.replaceFirst(
              "_(CLIENT_ID|CLIENT_SECRET|SCOPES|CLIENT_AUTH|OFFLINE_ACCESS)$", "_ISSUER");
      if (!name.endsWith("_ISSUER") && s.string(base).isEmpty()) {
        throw new ConfigurationException(
            base,
            "is required because "
                + name
                + " is set; set the provider's issuer URL, e.g."
                + " https://login.example.com/realms/main");
      }
    }
    return out;
  }

  /** {@code auto} (or unset) chooses from discovery; else one of the methods SignLink speaks. */
  private static ClientAuthMethod clientAuth(Settings s, String name) {
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

  private static OidcDiscovery.OfflineAccess offlineAccess(Settings s, String name) {
    String v = s.string(name).orElse("auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "auto" -> OidcDiscovery.OfflineAccess.AUTO;
      case "true", "yes", "always" -> OidcDiscovery.OfflineAccess.ALWAYS;
      case "false", "no", "never" -> OidcDiscovery.OfflineAccess.NEVER;
      default ->
          throw new ConfigurationException(
              name,
              "must be auto (request offline_access when the provider announces it), true or"
                  + " false (not '"
                  + v
                  + "')");
    };
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

  /** A provider's other settings without its client id are a mistake worth naming. */
  private static void requireAbsentWithout(Settings s, String prefix, String clientIdName) {
    List<String> stray = s.namesStartingWith(prefix);
    if (!stray.isEmpty()) {
      throw new ConfigurationException(
          clientIdName,
          "is required because "
              + stray.get(0)
              + " is set; set the OAuth client id (integration"
              + " key) from the provider's developer console");
    }
  }
}
