package io.signlink.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import io.signlink.emulator.admin.AdminRoutes;
import io.signlink.emulator.boldsign.BoldSignApi;
import io.signlink.emulator.boldsign.BoldSignRoutes;
import io.signlink.emulator.documents.DocumentFiles;
import io.signlink.emulator.docusign.DocuSignApi;
import io.signlink.emulator.docusign.DocuSignRoutes;
import io.signlink.emulator.generic.GenericApi;
import io.signlink.emulator.generic.GenericRoutes;
import io.signlink.emulator.oauth.AuthServer;
import io.signlink.emulator.oauth.Clients;
import io.signlink.emulator.oauth.Consents;
import io.signlink.emulator.oauth.IdTokens;
import io.signlink.emulator.oauth.PendingConsents;
import io.signlink.emulator.oauth.ProviderRules;
import io.signlink.emulator.oauth.RandomValues;
import io.signlink.emulator.oauth.SigningKeys;
import io.signlink.emulator.oauth.TokenStore;
import io.signlink.emulator.profile.Profile;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offline stand-in for the providers' authorization servers and the API endpoints SignLink uses,
 * on one HTTP port, one provider per profile of its {@link EmulatorConfig}. Start it with {@link
 * #start(EmulatorConfig)}, point SignLink at {@link #boldSignAccountBase()}, {@link
 * #boldSignApiBase()}, {@link #docuSignAccountBase()} (the DocuSign accounts report {@link
 * #docuSignApiBase()} as their {@code base_uri}) — or, for any provider, {@link
 * #accountBase(Provider)} and {@link #apiBase(Provider)} — and close it.
 *
 * <pre>{@code
 * try (Emulator emu = Emulator.start(EmulatorConfig.builder().autoApprove(true).build())) {
 *   URI issuer = emu.boldSignAccountBase();        // http://127.0.0.1:PORT/boldsign
 *   ...
 *   assertThat(emu.stats().tokenRequests("refresh_token")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>The admin operations ({@link #revokeGrants}, {@link #rotateSigningKey()}, {@link
 * #expireAccessTokens()}, …) are also served as JSON under {@code /_emulator/}.
 *
 * <p>Thread-safe: every method may be called from any thread while requests are being served.
 */
public final class Emulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Emulator.class);

  private final Javalin app;
  private final URI baseUri;
  private final EmulatorConfig config;
  private final EmulatorStats stats;
  private final Faults faults;
  private final TokenStore store;
  private final Consents consents;
  private final SigningKeys keys;
  private final Clients clients;
  private final KeyPair docuSignJwtKeyPair;
  private final DocumentFiles documentFiles;
  private volatile DocuSignApi docuSignApi;
  private final Map<String, ProviderRules> rules = new ConcurrentHashMap<>();
  private final StateFile state;

  private Emulator(
      ListeningSocket socket,
      URI baseUri,
      EmulatorConfig config,
      Services services,
      ObjectMapper mapper) {
    this.baseUri = baseUri;
    this.config = config;
    this.stats = services.stats;
    this.faults = services.faults;
    this.store = services.store;
    this.consents = services.consents;
    this.keys = services.keys;
    this.clients = services.clients;
    this.docuSignJwtKeyPair = services.jwtKeyPair;
    this.documentFiles = new DocumentFiles(config.maxDocumentBytes());
    this.state =
        config.stateFile() == null
            ? null
            : StateFile.open(
                config.stateFile(),
                services.store,
                services.clients,
                (providerId, sub) ->
                    config.profiles().stream()
                        .filter(p -> p.id().equals(providerId))
                        .findFirst()
                        .flatMap(p -> SeedUsers.find(SeedUsers.of(p), sub)));
    // Javalin 7 takes every route up front; they are declared last, once every field they use is
    // set, and served only after start().
    this.app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.startupWatcherEnabled = false;
              cfg.jsonMapper(new JavalinJackson(mapper, false));
              cfg.jetty.addConnector(socket::connector);
              // Path only: query strings carry codes and states, which must never reach a log.
              cfg.requestLogger.http(
                  (ctx, ms) ->
                      log.debug(
                          "{} {} -> {} ({} ms)",
                          ctx.method(),
                          ctx.path(),
                          ctx.statusCode(),
                          Math.round(ms)));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.warn(
                        "Unexpected {} on {} {}", e.getClass().getName(), ctx.method(), ctx.path());
                    ctx.status(500).json(Map.of("error", "server_error"));
                  });
              mount(cfg.routes, services, mapper);
            });
  }

  /** Starts an emulator; returns once it accepts connections. */
  public static Emulator start(EmulatorConfig config) {
    Services services = new Services(config);
    ObjectMapper mapper = new ObjectMapper();
    ListeningSocket socket = ListeningSocket.bind(config.host(), config.port());
    URI base = URI.create("http://" + uriHost(config.host()) + ":" + socket.port());
    Emulator emulator = null;
    try {
      emulator = new Emulator(socket, base, config, services, mapper);
      emulator.app.start();
    } catch (RuntimeException e) {
      if (emulator != null) {
        emulator.close();
      }
      socket.closeIfNotHandedOver();
      throw e;
    }
    log.info("Emulator listening on {}", base);
    return emulator;
  }

  private void mount(RoutesConfig app, Services s, ObjectMapper mapper) {
    for (Profile profile : config.profiles()) {
      ProviderRules rules =
          ProviderRules.of(profile, baseUri.toString(), docuSignJwtAudience(), config);
      this.rules.put(profile.id(), rules);
      mountProvider(app, s.authServer(rules));
    }
    new AdminRoutes(this, mapper).mount(app);
  }

  /**
   * Mounts one provider with the code its profile's {@code routes} names: the BoldSign or DocuSign
   * hook, or the generic routes that serve everything from the profile.
   */
  private void mountProvider(RoutesConfig app, AuthServer server) {
    Profile profile = server.rules().profile();
    Instant start = config.clock().instant();
    switch (profile.routes()) {
      case "boldsign" -> {
        String account = profile.hostPath(profile.authorize().host(), null);
        new BoldSignRoutes(server, keys, account).mount(app);
        BoldSignApi api = new BoldSignApi(server, profile.hostPath("api", null), start);
        api.mount(app);
        api.mountDocuments(app, documentFiles, config.clock());
      }
      case "docusign" -> {
        String account = profile.hostPath(profile.authorize().host(), null);
        String apiPath = profile.hostPath("api", null);
        new DocuSignRoutes(server, account, baseUri + apiPath).mount(app);
        DocuSignApi api = new DocuSignApi(server, apiPath, start);
        api.mount(app);
        api.mountDocuments(app, documentFiles, config.clock());
        this.docuSignApi = api;
      }
      default -> {
        new GenericRoutes(server).mount(app);
        new GenericApi(server).mount(app);
      }
    }
  }

  /** The emulated providers, in mount order. */
  public List<Provider> providers() {
    return config.profiles().stream().map(p -> Provider.of(p.id(), p.displayName())).toList();
  }

  /**
   * The provider with profile id {@code id}.
   *
   * @throws IllegalArgumentException naming the emulated providers when none has this id
   */
  public Provider provider(String id) {
    return providers().stream()
        .filter(p -> p.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "this emulator has no provider '"
                        + id
                        + "'; it emulates "
                        + providers().stream().map(Provider::id).toList()));
  }

  /** The profile of an emulated provider. */
  public Profile profile(Provider provider) {
    return rulesOf(provider).profile();
  }

  /**
   * The absolute base of one of {@code provider}'s hosts ({@code account}, {@code api}, … as its
   * profile names them) in {@code region} ({@code null} for a host without regions, or the first
   * region), e.g. {@code http://127.0.0.1:PORT/zoho-accounts/eu}.
   */
  public URI hostBase(Provider provider, String host, String region) {
    Profile profile = profile(provider);
    String r = profile.isRegional(host) && region == null ? profile.regions().get(0) : region;
    return URI.create(baseUri + profile.hostPath(host, profile.isRegional(host) ? r : null));
  }

  /**
   * Where the provider's authorization endpoint lives: the host of its {@code authorize} endpoint,
   * e.g. {@code {base}/boldsign} (BoldSign's issuer) or {@code {base}/zoho-accounts}.
   */
  public URI accountBase(Provider provider) {
    return URI.create(rulesOf(provider).accountBase());
  }

  /** The base of the provider's {@code api} host (first region for a regional one). */
  public URI apiBase(Provider provider) {
    return hostBase(
        provider, profile(provider).api() != null ? profile(provider).api().host() : "api", null);
  }

  /**
   * The host settings SignLink needs to reach {@code provider} here, by setting suffix: {@code
   * ACCOUNT_URL}, {@code API_URL} and, for a provider whose callback names hosts, {@code
   * CALLBACK_URLS} (this emulator's base, so the redirect's hosts pass SignLink's allow-list). When
   * the callback names the region ({@code location=eu}) and the API host is regional, {@code
   * API_URL} names that parameter in braces ({@code …/zohosign/{location}}), so each connection
   * calls its own data centre's host.
   */
  public Map<String, String> signLinkHostSettings(Provider provider) {
    Profile profile = profile(provider);
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put("ACCOUNT_URL", accountBase(provider).toString());
    String apiHost = profile.api() != null ? profile.api().host() : "api";
    String api = apiBase(provider).toString();
    if (!profile.callbackParams().isEmpty()) {
      out.put("CALLBACK_URLS", baseUri.toString());
      for (Map.Entry<String, String> p : profile.callbackParams().entrySet()) {
        if (p.getValue().equals("{{region}}") && profile.isRegional(apiHost)) {
          api = baseUri + profile.hostPath(apiHost, "{" + p.getKey() + "}");
        }
      }
    }
    out.put("API_URL", api);
    return out;
  }

  /** The seeded users of an emulated provider, default user first. */
  public List<SeedUser> users(Provider provider) {
    return rulesOf(provider).users();
  }

  private ProviderRules rulesOf(Provider provider) {
    ProviderRules r = rules.get(provider.id());
    if (r == null) {
      provider(provider.id()); // throws, naming the emulated providers
    }
    return r;
  }

  /** {@code http://host:port}, without a trailing slash. */
  public URI baseUri() {
    return baseUri;
  }

  public int port() {
    return baseUri.getPort();
  }

  /** BoldSign's account server and OIDC issuer: {@code {base}/boldsign}. */
  public URI boldSignAccountBase() {
    return URI.create(baseUri + "/boldsign");
  }

  /**
   * BoldSign's API base: {@code {base}/boldsign-api}; the document list is at {@code
   * /v1/document/list}.
   */
  public URI boldSignApiBase() {
    return URI.create(baseUri + "/boldsign-api");
  }

  /**
   * DocuSign's account server: {@code {base}/docusign} ({@code /oauth/auth}, {@code /oauth/token},
   * …).
   */
  public URI docuSignAccountBase() {
    return URI.create(baseUri + "/docusign");
  }

  /** The {@code base_uri} of every seeded DocuSign account: {@code {base}/docusign-api}. */
  public URI docuSignApiBase() {
    return URI.create(baseUri + "/docusign-api");
  }

  /** The {@code aud} DocuSign JWT assertions must carry: the bare {@code host:port}. */
  public String docuSignJwtAudience() {
    return baseUri.getHost() + ":" + baseUri.getPort();
  }

  public EmulatorConfig config() {
    return config;
  }

  public EmulatorStats stats() {
    return stats;
  }

  public Faults faults() {
    return faults;
  }

  /** Every registered client, seeded and configured. */
  public List<RegisteredClient> clients() {
    return clients.all();
  }

  /** The RSA key pair registered for the seeded DocuSign integration key's JWT grant. */
  public KeyPair docuSignJwtKeyPair() {
    return docuSignJwtKeyPair;
  }

  /**
   * Revokes the live grants of {@code provider} matching {@code clientId} and {@code sub} ({@code
   * null} matches any), as if the user disconnected the app: their access and refresh tokens stop
   * working.
   *
   * @return how many grants were revoked
   */
  public int revokeGrants(Provider provider, String clientId, String sub) {
    return store.revokeGrants(
        g ->
            g.provider().equals(provider)
                && (clientId == null || g.client().clientId().equals(clientId))
                && (sub == null || (g.user() != null && g.user().sub().equalsIgnoreCase(sub))));
  }

  /** Revokes the grant behind an access or refresh token; false if the token is unknown. */
  public boolean revokeGrantOfToken(String token) {
    return token != null && store.revokeGrantOfToken(token);
  }

  /** Revokes every grant of every provider; returns how many. */
  public int revokeAllGrants() {
    return store.revokeGrants(g -> true);
  }

  /**
   * Makes a new BoldSign ID-token signing key current (the old one stays in the JWKS); returns its
   * kid.
   */
  public String rotateSigningKey() {
    return keys.rotate();
  }

  /** The {@code kid} of the key that signs new BoldSign ID tokens. */
  public String currentSigningKeyId() {
    return keys.current().getKeyID();
  }

  /**
   * Creates a sent DocuSign envelope in {@code accountId} whose one document is {@code size}
   * deterministic bytes ({@link io.signlink.emulator.documents.GeneratedBytes#stream(long, long)}
   * with {@code seed}), served without being stored or held; returns the envelope id.
   */
  public String docuSignGeneratedEnvelope(String accountId, long size, long seed) {
    return docuSignApi.generatedEnvelope(accountId, size, seed);
  }

  /**
   * Makes every currently valid access token invalid (API calls then answer 401); returns how many.
   */
  public int expireAccessTokens() {
    return store.expireAccessTokens();
  }

  /** Records a user's consent, as if given on the consent page (e.g. for DocuSign's JWT grant). */
  public void grantConsent(
      Provider provider, String clientId, String sub, Collection<String> scopes) {
    clients
        .find(provider, clientId)
        .orElseThrow(() -> new IllegalArgumentException("Unknown client " + clientId));
    consents.record(clientId, sub, scopes);
  }

  /** Forgets a user's consent for a client. */
  public void revokeConsent(Provider provider, String clientId, String sub) {
    consents.revoke(clientId, sub);
  }

  /**
   * Signs the provider's browser session in as a seeded user (by {@code sub} or e-mail): later
   * approvals without a {@code login_hint} are that user's.
   *
   * @throws IllegalArgumentException naming the seeded users when none matches
   */
  public void signInAs(Provider provider, String subOrEmail) {
    SeedUser user =
        SeedUsers.find(users(provider), subOrEmail)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no seeded "
                            + provider
                            + " user '"
                            + subOrEmail
                            + "'; seeded: "
                            + users(provider).stream().map(SeedUser::email).toList()));
    consents.signIn(user);
  }

  /** Undoes every {@link #signInAs}: approvals go to each provider's default user again. */
  public void signOutEveryone() {
    consents.signOutEveryone();
  }

  /** Stops the server; in-flight requests are abandoned. */
  @Override
  public void close() {
    app.stop();
    documentFiles.close();
    if (state != null) {
      state.close();
    }
  }

  private static String uriHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
      return "127.0.0.1";
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /** The shared services both providers' servers use. */
  private static final class Services {
    final EmulatorConfig config;
    final RandomValues random = new RandomValues();
    final EmulatorStats stats = new EmulatorStats();
    final Faults faults = new Faults();
    final TokenStore store;
    final Consents consents = new Consents();
    final PendingConsents pending;
    final SigningKeys keys;
    final IdTokens idTokens;
    final KeyPair jwtKeyPair;
    final Clients clients;

    Services(EmulatorConfig config) {
      this.config = config;
      this.store = new TokenStore(config.clock(), random);
      this.pending = new PendingConsents(config.clock(), random);
      this.keys = new SigningKeys(random);
      this.idTokens = new IdTokens(keys, config.clock());
      this.jwtKeyPair =
          config.docuSignJwtKeyPair() != null ? config.docuSignJwtKeyPair() : rsaKeyPair();
      List<RegisteredClient> all = new ArrayList<>();
      if (config.seedDemoClients()) {
        all.addAll(
            DemoClients.seeded(
                config.profiles(), config.redirectUris(), (RSAPublicKey) jwtKeyPair.getPublic()));
      }
      all.addAll(config.clients());
      this.clients = new Clients(all);
    }

    AuthServer authServer(ProviderRules rules) {
      return new AuthServer(
          rules,
          clients,
          store,
          consents,
          pending,
          idTokens,
          stats,
          faults,
          config.clock(),
          random,
          config.autoApprove(),
          null);
    }

    private static KeyPair rsaKeyPair() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("RSA is required by every Java platform", e);
      }
    }
  }
}
