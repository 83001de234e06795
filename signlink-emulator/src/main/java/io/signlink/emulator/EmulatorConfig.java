package io.signlink.emulator;

import io.signlink.emulator.profile.Profile;
import io.signlink.emulator.profile.Profiles;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link Emulator} runs: where it listens, which providers it emulates (its profiles), how
 * long its tokens live, which clients it knows. Build one with {@link #builder()}; every setting
 * has a default matching the providers' documented behaviour, taken from their profiles (DocuSign
 * access tokens 8 h, BoldSign 1 h, refresh tokens 30 days, codes 60 s).
 *
 * <p>Thread-safe: immutable once built; the builder is not thread-safe.
 */
public final class EmulatorConfig {

  private final String host;
  private final int port;
  private final boolean autoApprove;

  /** The key of {@link #accessTokenTtls} for a lifetime set for every provider. */
  private static final String EVERY_PROVIDER = "*";

  private final Map<String, Duration> accessTokenTtls;
  private final Duration refreshTokenTtl;
  private final Duration refreshTokenReuseGrace;
  private final Duration codeTtl;
  private final Clock clock;
  private final List<String> redirectUris;
  private final List<RegisteredClient> clients;
  private final boolean seedDemoClients;
  private final boolean boldSignIssParameter;
  private final boolean boldSignPostAuthOnly;
  private final KeyPair docuSignJwtKeyPair;
  private final long maxDocumentBytes;
  private final Path stateFile;
  private final List<Profile> profiles;

  private EmulatorConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.autoApprove = b.autoApprove;
    this.accessTokenTtls = Map.copyOf(b.accessTokenTtls);
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.refreshTokenReuseGrace = b.refreshTokenReuseGrace;
    this.codeTtl = b.codeTtl;
    this.clock = b.clock;
    this.redirectUris = List.copyOf(b.redirectUris);
    this.clients = List.copyOf(b.clients);
    this.seedDemoClients = b.seedDemoClients;
    this.boldSignIssParameter = b.boldSignIssParameter;
    this.boldSignPostAuthOnly = b.boldSignPostAuthOnly;
    this.docuSignJwtKeyPair = b.docuSignJwtKeyPair;
    this.maxDocumentBytes = b.maxDocumentBytes;
    this.stateFile = b.stateFile;
    List<Profile> all = new ArrayList<>(b.builtIns ? Profiles.builtIn() : List.of());
    for (Profile added : b.profiles) {
      all.removeIf(p -> p.id().equals(added.id()));
      all.add(added);
    }
    this.profiles = List.copyOf(all);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean autoApprove() {
    return autoApprove;
  }

  public Duration boldSignAccessTokenTtl() {
    Duration set = accessTokenTtl(Provider.BOLDSIGN.id());
    return set != null ? set : Duration.ofHours(1);
  }

  public Duration docuSignAccessTokenTtl() {
    Duration set = accessTokenTtl(Provider.DOCUSIGN.id());
    return set != null ? set : Duration.ofHours(8);
  }

  /** The access-token lifetime set for provider {@code id}, or {@code null} for its profile's. */
  public Duration accessTokenTtl(String id) {
    Duration own = accessTokenTtls.get(id);
    return own != null ? own : accessTokenTtls.get(EVERY_PROVIDER);
  }

  /** The refresh-token lifetime set for every provider, or {@code null} for each profile's. */
  public Duration refreshTokenTtlOverride() {
    return refreshTokenTtl;
  }

  /** The refresh-token lifetime for providers whose profile does not say (30 days). */
  public Duration refreshTokenTtl() {
    return refreshTokenTtl != null ? refreshTokenTtl : Duration.ofDays(30);
  }

  /**
   * The profiles of the emulated providers, in mount order: the built-in ones (unless {@link
   * Builder#builtInProfiles(boolean)} turned them off), then the added ones; an added profile with
   * a built-in id replaces it.
   */
  public List<Profile> profiles() {
    return profiles;
  }

  /**
   * How long a rotated refresh token stays usable after rotation ({@link Duration#ZERO}: not at
   * all, the default). Within it, presenting the old token again issues a fresh pair under the same
   * grant instead of revoking it, as providers with a reuse grace do.
   */
  public Duration refreshTokenReuseGrace() {
    return refreshTokenReuseGrace;
  }

  /** The authorization-code lifetime (60 s unless set). */
  public Duration codeTtl() {
    return codeTtl != null ? codeTtl : Duration.ofSeconds(60);
  }

  /** The code lifetime set for every provider, or {@code null} for each profile's. */
  public Duration codeTtlOverride() {
    return codeTtl;
  }

  public Clock clock() {
    return clock;
  }

  /** Redirect URIs added to every seeded demo client. */
  public List<String> redirectUris() {
    return redirectUris;
  }

  /** Clients registered in addition to (or instead of) the seeded demo clients. */
  public List<RegisteredClient> clients() {
    return clients;
  }

  public boolean seedDemoClients() {
    return seedDemoClients;
  }

  /** Whether BoldSign accepts and announces only {@code client_secret_post}. */
  public boolean boldSignPostAuthOnly() {
    return boldSignPostAuthOnly;
  }

  public boolean boldSignIssParameter() {
    return boldSignIssParameter;
  }

  /**
   * The largest document request the emulated APIs accept (default 50 MiB, DocuSign's largest
   * documented packet); larger ones get the provider's 413.
   */
  public long maxDocumentBytes() {
    return maxDocumentBytes;
  }

  /** The key pair for the seeded DocuSign client's JWT grant, or {@code null} to generate one. */
  KeyPair docuSignJwtKeyPair() {
    return docuSignJwtKeyPair;
  }

  /**
   * Where grants and tokens are kept across restarts (the demo's data folder), or {@code null} to
   * keep them in memory only.
   */
  public Path stateFile() {
    return stateFile;
  }

  /** Collects settings for an {@link EmulatorConfig}. Not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private boolean autoApprove;
    private final Map<String, Duration> accessTokenTtls = new LinkedHashMap<>();
    private Duration refreshTokenTtl;
    private Duration refreshTokenReuseGrace = Duration.ZERO;
    private Duration codeTtl;
    private Clock clock = Clock.systemUTC();
    private final List<String> redirectUris = new ArrayList<>();
    private final List<RegisteredClient> clients = new ArrayList<>();
    private boolean seedDemoClients = true;
    private boolean boldSignIssParameter;
    private boolean boldSignPostAuthOnly;
    private KeyPair docuSignJwtKeyPair;
    private long maxDocumentBytes = 50L * 1024 * 1024;
    private Path stateFile;
    private boolean builtIns = true;
    private final List<Profile> profiles = new ArrayList<>();

    private Builder() {}

    /**
     * Emulates one more provider from its profile, e.g. {@code
     * profile(Profiles.resource("/profiles/acme.json"))} from a test's resources; a profile with a
     * built-in id replaces the built-in one. Its demo clients are seeded like the built-in ones.
     */
    public Builder profile(Profile profile) {
      profiles.add(Objects.requireNonNull(profile, "profile"));
      return this;
    }

    /** Adds the profile in classpath resource {@code name}; see {@link #profile(Profile)}. */
    public Builder profileResource(String name) {
      return profile(Profiles.resource(name));
    }

    /** Whether to emulate the built-in providers (default true); false leaves only added ones. */
    public Builder builtInProfiles(boolean enabled) {
      this.builtIns = enabled;
      return this;
    }

    /** Keep grants and tokens in {@code file} across restarts (loaded on start, saved while up). */
    public Builder stateFile(Path file) {
      this.stateFile = file;
      return this;
    }

    /** The interface to listen on; defaults to {@code 127.0.0.1}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Approve every authorization request at once for the default (or login_hint) user. */
    public Builder autoApprove(boolean autoApprove) {
      this.autoApprove = autoApprove;
      return this;
    }

    public Builder boldSignAccessTokenTtl(Duration ttl) {
      return accessTokenTtl(Provider.BOLDSIGN.id(), ttl);
    }

    public Builder docuSignAccessTokenTtl(Duration ttl) {
      return accessTokenTtl(Provider.DOCUSIGN.id(), ttl);
    }

    /** Sets the access-token lifetime of the provider with profile id {@code id}. */
    public Builder accessTokenTtl(String id, Duration ttl) {
      accessTokenTtls.put(Objects.requireNonNull(id, "id"), positive(ttl, id + " accessTokenTtl"));
      return this;
    }

    /**
     * Sets every provider's access-token lifetime; a lifetime set for one provider (before or
     * after) wins for that provider.
     */
    public Builder accessTokenTtl(Duration ttl) {
      accessTokenTtls.put(EVERY_PROVIDER, positive(ttl, "accessTokenTtl"));
      return this;
    }

    /** Sets every provider's absolute refresh-token lifetime (default: each profile's). */
    public Builder refreshTokenTtl(Duration ttl) {
      this.refreshTokenTtl = positive(ttl, "refreshTokenTtl");
      return this;
    }

    /**
     * A reuse grace for rotated refresh tokens (every rotating provider); {@link Duration#ZERO} for
     * none.
     */
    public Builder refreshTokenReuseGrace(Duration grace) {
      if (grace == null || grace.isNegative()) {
        throw new IllegalArgumentException("refreshTokenReuseGrace must be zero or positive");
      }
      this.refreshTokenReuseGrace = grace;
      return this;
    }

    public Builder codeTtl(Duration ttl) {
      this.codeTtl = positive(ttl, "codeTtl");
      return this;
    }

    /** The clock that judges every expiry (codes, tokens, consent pages, JWT assertions). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Adds redirect URIs accepted by every seeded demo client. */
    public Builder redirectUri(String... uris) {
      for (String uri : uris) {
        redirectUris.add(Objects.requireNonNull(uri, "uri"));
      }
      return this;
    }

    /** Registers another client; a client with a seeded client's id replaces it. */
    public Builder client(RegisteredClient client) {
      clients.add(Objects.requireNonNull(client, "client"));
      return this;
    }

    /** Whether to register the {@link DemoClients}; defaults to true. */
    public Builder seedDemoClients(boolean seed) {
      this.seedDemoClients = seed;
      return this;
    }

    /** Adds RFC 9207 {@code iss} to BoldSign authorization responses and announces it. */
    public Builder boldSignIssParameter(boolean enabled) {
      this.boldSignIssParameter = enabled;
      return this;
    }

    /**
     * BoldSign accepts only {@code client_secret_post} (HTTP Basic is {@code invalid_client}) and
     * its discovery announces only that, like a client registered for that method alone.
     */
    public Builder boldSignPostAuthOnly(boolean enabled) {
      this.boldSignPostAuthOnly = enabled;
      return this;
    }

    /** Uses this RSA key pair for the seeded DocuSign client's JWT grant instead of a fresh one. */
    public Builder docuSignJwtKeyPair(KeyPair keyPair) {
      this.docuSignJwtKeyPair = Objects.requireNonNull(keyPair, "keyPair");
      return this;
    }

    /** Raises or lowers the document request limit (e.g. for 100 MB transfer tests). */
    public Builder maxDocumentBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxDocumentBytes must be positive");
      }
      this.maxDocumentBytes = bytes;
      return this;
    }

    public EmulatorConfig build() {
      return new EmulatorConfig(this);
    }

    private static Duration positive(Duration ttl, String name) {
      Objects.requireNonNull(ttl, name);
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + ttl);
      }
      return ttl;
    }
  }
}
