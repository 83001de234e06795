package io.signlink.runtime.config;

import io.signlink.error.ConfigurationException;
import io.signlink.oauth.Secret;
import io.signlink.provider.definition.ProviderDefinitions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the SignLink service needs to start, validated. Build it with {@link #fromEnvironment}
 * (the service and the CLI) or {@link #builder()} (the demo, tests). Immutable and thread-safe;
 * {@code toString()} prints no secret and no database URL (it may hold a password).
 *
 * @param dataDir where the embedded database and generated files live ({@code SIGNLINK_DATA_DIR})
 * @param databaseUrl JDBC URL ({@code SIGNLINK_DB_URL}); SQLite in {@code dataDir} by default
 * @param keysetJson the Tink keyset itself ({@code SIGNLINK_KEYSET}), or {@code null}
 * @param keysetFile the Tink keyset file ({@code SIGNLINK_KEYSET_FILE}), or {@code null}; with
 *     neither set, the store's keyset file in {@code dataDir} is used (created on first start)
 * @param publicUrl how browsers and providers reach this service ({@code SIGNLINK_PUBLIC_URL});
 *     {@code null} means {@code http://{bind}:{port}}, allowed only on loopback
 * @param port the listening port, 0 for a free one ({@code SIGNLINK_PORT})
 * @param adminKey an API key that is always accepted ({@code SIGNLINK_ADMIN_KEY}), or {@code null}
 * @param devMode console without login, only when bound to loopback ({@code SIGNLINK_DEV_MODE})
 * @param refresh token freshness ({@code SIGNLINK_REFRESH_MARGIN}, {@code
 *     SIGNLINK_REFRESH_FRACTION})
 * @param connect connect-session return URLs and application name ({@link ConnectSettings})
 * @param proxy the API proxy's body cap and calls in flight ({@code SIGNLINK_PROXY_MAX_BODY},
 *     {@code SIGNLINK_PROXY_MAX_IN_FLIGHT})
 * @param definitionFiles provider definitions added to the built-in ones from a directory ({@code
 *     SIGNLINK_PROVIDER_DEFINITIONS}, {@link DefinitionFiles})
 */
public record SignLinkConfig(
    Path dataDir,
    String databaseUrl,
    Secret keysetJson,
    Path keysetFile,
    URI publicUrl,
    String bindAddress,
    int port,
    List<ProviderSettings> providers,
    Secret adminKey,
    boolean devMode,
    WebhookSettings webhooks,
    RefreshSettings refresh,
    ConnectSettings connect,
    ProxySettings proxy,
    DefinitionFiles definitionFiles) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BIND = "127.0.0.1";

  public SignLinkConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    databaseUrl =
        databaseUrl == null ? "jdbc:sqlite:" + dataDir.resolve("signlink.db") : databaseUrl;
    bindAddress = bindAddress == null ? DEFAULT_BIND : bindAddress;
    providers = providers == null ? List.of() : List.copyOf(providers);
    webhooks = webhooks == null ? WebhookSettings.NONE : webhooks;
    refresh = refresh == null ? RefreshSettings.DEFAULTS : refresh;
    connect = connect == null ? ConnectSettings.NONE : connect;
    proxy = proxy == null ? ProxySettings.DEFAULTS : proxy;
    definitionFiles = definitionFiles == null ? DefinitionFiles.NONE : definitionFiles;
    validate(
        databaseUrl,
        keysetJson,
        keysetFile,
        publicUrl,
        bindAddress,
        port,
        providers,
        adminKey,
        devMode);
    publicUrl = publicUrl == null ? null : stripTrailingSlash(publicUrl);
  }

  /** Reads {@code SIGNLINK_*} from {@code env} over the file named by {@code SIGNLINK_CONFIG}. */
  public static SignLinkConfig fromEnvironment(Map<String, String> env) {
    return ConfigLoader.load(env, null);
  }

  /**
   * Reads {@code SIGNLINK_*} from {@code env} like {@link #fromEnvironment(Map)}, with the clients
   * of {@code definitions} instead of only the built-in ones: the settings of a definition handed
   * to {@link io.signlink.runtime.SignLinkRuntime.Builder#definitions} ({@code
   * SIGNLINK_<ID>_CLIENT_ID}, …) configure it and are checked like any provider's.
   */
  public static SignLinkConfig fromEnvironment(
      Map<String, String> env, ProviderDefinitions definitions) {
    return ConfigLoader.load(env, null, Objects.requireNonNull(definitions, "definitions"));
  }

  /**
   * Reads {@code SIGNLINK_*} from {@code env} over {@code configFile} (the CLI's {@code --config});
   * a {@code null} file falls back to {@code SIGNLINK_CONFIG}.
   */
  public static SignLinkConfig load(Map<String, String> env, Path configFile) {
    return ConfigLoader.load(env, configFile);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The URL this service is reached at, without a trailing slash. */
  public URI effectivePublicUrl() {
    if (publicUrl != null) {
      return publicUrl;
    }
    String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
    return URI.create("http://" + host + ":" + port);
  }

  /**
   * {@code {public}/callback/{providerId}}: fixed, never from request headers (SECURITY.md
   * §redirect-uri).
   */
  public URI redirectUri(String providerId) {
    return URI.create(effectivePublicUrl() + "/callback/" + providerId);
  }

  /**
   * True when browsers reach the service over https (the binding cookie is then {@code Secure}).
   */
  public boolean httpsPublicUrl() {
    return "https".equalsIgnoreCase(effectivePublicUrl().getScheme());
  }

  /**
   * The SQLite file of the embedded database, or empty when the database is elsewhere (PostgreSQL).
   * Read-only commands look at it first, so that they never create a database to find it empty.
   */
  public Optional<Path> embeddedDatabaseFile() {
    if (!databaseUrl.startsWith("jdbc:sqlite:")) {
      return Optional.empty();
    }
    String file = databaseUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(file));
  }

  /** True when the console is open without a login: dev mode on a loopback bind. */
  public boolean consoleOpen() {
    return devMode && isLoopback(bindAddress);
  }

  @Override
  public String toString() {
    return "SignLinkConfig[dataDir="
        + dataDir
        + ", publicUrl="
        + effectivePublicUrl()
        + ", bind="
        + bindAddress
        + ":"
        + port
        + ", providers="
        + providers.stream().map(ProviderSettings::id).toList()
        + (definitionFiles.definitions().isEmpty()
            ? ""
            : ", addedDefinitions="
                + definitionFiles.definitions().stream().map(d -> d.id()).toList())
        + ", devMode="
        + devMode
        + ", webhooks="
        + webhooks.urls().size()
        + "]";
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static URI stripTrailingSlash(URI uri) {
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s);
  }

  private static void validate(
      String databaseUrl,
      Secret keysetJson,
      Path keysetFile,
      URI publicUrl,
      String bind,
      int port,
      List<ProviderSettings> providers,
      Secret adminKey,
      boolean devMode) {
    if (!databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          "SIGNLINK_DB_URL",
          "must be a SQLite or PostgreSQL JDBC URL, e.g. jdbc:sqlite:/var/lib/signlink/signlink.db"
              + " or jdbc:postgresql://db:5432/signlink?user=signlink");
    }
    if (keysetJson != null && keysetFile != null) {
      throw new ConfigurationException(
          "SIGNLINK_KEYSET", "set either SIGNLINK_KEYSET or SIGNLINK_KEYSET_FILE, not both");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigurationException("SIGNLINK_PORT", "must be between 0 and 65535, e.g. 8080");
    }
    if (publicUrl == null && !isLoopback(bind)) {
      throw new ConfigurationException(
          "SIGNLINK_PUBLIC_URL",
          "is required when SIGNLINK_BIND ("
              + bind
              + ") is not loopback; set the https URL"
              + " browsers use, e.g. https://signlink.example.com");
    }
    if (publicUrl != null) {
      validatePublicUrl(publicUrl);
    }
    if (devMode && !isLoopback(bind)) {
      throw new ConfigurationException(
          "SIGNLINK_DEV_MODE",
          "opens the console without a login and is allowed only with SIGNLINK_BIND=127.0.0.1;"
              + " unset it or bind to loopback");
    }
    if (adminKey != null && (!adminKey.reveal().startsWith("sk_") || adminKey.length() < 24)) {
      throw new ConfigurationException(
          "SIGNLINK_ADMIN_KEY",
          "must start with sk_ and be at least 24 characters, e.g. sk_ followed by 32 random"
              + " letters (e.g. sk_$(openssl rand -hex 24))");
    }
    Set<String> ids = new HashSet<>();
    for (ProviderSettings p : providers) {
      if (!ids.add(p.id())) {
        throw new ConfigurationException(
            "SIGNLINK_OIDC_" + p.id().toUpperCase(Locale.ROOT) + "_ISSUER",
            "the provider id '" + p.id() + "' is configured twice; ids must be unique");
      }
    }
  }

  private static void validatePublicUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getRawQuery() != null
        || url.getRawFragment() != null
        || url.getRawUserInfo() != null) {
      throw new ConfigurationException(
          "SIGNLINK_PUBLIC_URL",
          "must be an absolute URL without query or fragment, e.g. https://signlink.example.com");
    }
    // SECURITY.md §web-headers: authorization responses never travel over plain http except on
    // loopback
    // (RFC 9700 §2.6, RFC 8252 §7.3).
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw new ConfigurationException(
          "SIGNLINK_PUBLIC_URL",
          "must use https when it is not a loopback address (callbacks carry authorization codes);"
              + " e.g. https://"
              + url.getHost());
    }
  }

  /** Builds a {@link SignLinkConfig} in code. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private Path dataDir = ConfigFiles.expandHome("~/.signlink");
    private String databaseUrl;
    private Secret keysetJson;
    private Path keysetFile;
    private URI publicUrl;
    private String bindAddress = DEFAULT_BIND;
    private int port = DEFAULT_PORT;
    private final List<ProviderSettings> providers = new ArrayList<>();
    private Secret adminKey;
    private boolean devMode;
    private WebhookSettings webhooks = WebhookSettings.NONE;
    private RefreshSettings refresh = RefreshSettings.DEFAULTS;
    private ConnectSettings connect = ConnectSettings.NONE;
    private ProxySettings proxy = ProxySettings.DEFAULTS;
    private DefinitionFiles definitionFiles = DefinitionFiles.NONE;

    private Builder() {}

    private Builder(SignLinkConfig c) {
      dataDir = c.dataDir;
      databaseUrl = c.databaseUrl;
      keysetJson = c.keysetJson;
      keysetFile = c.keysetFile;
      publicUrl = c.publicUrl;
      bindAddress = c.bindAddress;
      port = c.port;
      providers.addAll(c.providers);
      adminKey = c.adminKey;
      devMode = c.devMode;
      webhooks = c.webhooks;
      refresh = c.refresh;
      connect = c.connect;
      proxy = c.proxy;
      definitionFiles = c.definitionFiles;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder databaseUrl(String url) {
      this.databaseUrl = url;
      return this;
    }

    public Builder keysetJson(Secret json) {
      this.keysetJson = json;
      return this;
    }

    public Builder keysetFile(Path file) {
      this.keysetFile = file;
      return this;
    }

    public Builder publicUrl(URI url) {
      this.publicUrl = url;
      return this;
    }

    public Builder bindAddress(String bind) {
      this.bindAddress = bind;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder provider(ProviderSettings provider) {
      providers.removeIf(p -> p.id().equals(provider.id()));
      providers.add(provider);
      return this;
    }

    public Builder adminKey(Secret key) {
      this.adminKey = key;
      return this;
    }

    public Builder devMode(boolean dev) {
      this.devMode = dev;
      return this;
    }

    public Builder refresh(RefreshSettings settings) {
      this.refresh = settings;
      return this;
    }

    public Builder webhooks(WebhookSettings settings) {
      this.webhooks = settings;
      return this;
    }

    public Builder connect(ConnectSettings settings) {
      this.connect = settings;
      return this;
    }

    public Builder proxy(ProxySettings settings) {
      this.proxy = settings;
      return this;
    }

    /**
     * Provider definitions to add to the built-in ones ({@code SIGNLINK_PROVIDER_DEFINITIONS}); a
     * client of one is configured with {@link #provider} like any other.
     */
    public Builder definitionFiles(DefinitionFiles files) {
      this.definitionFiles = files;
      return this;
    }

    public SignLinkConfig build() {
      return new SignLinkConfig(
          dataDir,
          databaseUrl,
          keysetJson,
          keysetFile,
          publicUrl,
          bindAddress,
          port,
          providers,
          adminKey,
          devMode,
          webhooks,
          refresh,
          connect,
          proxy,
          definitionFiles);
    }
  }
}
