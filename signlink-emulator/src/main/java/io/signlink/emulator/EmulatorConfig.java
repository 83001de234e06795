package io.signlink.emulator;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link Emulator} runs: where it listens, how long its tokens live, which clients it knows.
 * Build one with {@link #builder()}; every setting has a default matching the providers' documented
 * behaviour (DocuSign access tokens 8 h, BoldSign 1 h, refresh tokens 30 days, codes 60 s).
 *
 * <p>Thread-safe: immutable once built; the builder is not thread-safe.
 */
public final class EmulatorConfig {

  private final String host;
  private final int port;
  private final boolean autoApprove;
  private final Duration boldSignAccessTokenTtl;
  private final Duration docuSignAccessTokenTtl;
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
  private final Path stateFile;

  private EmulatorConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.autoApprove = b.autoApprove;
    this.boldSignAccessTokenTtl = b.boldSignAccessTokenTtl;
    this.docuSignAccessTokenTtl = b.docuSignAccessTokenTtl;
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
    this.stateFile = b.stateFile;
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
    return boldSignAccessTokenTtl;
  }

  public Duration docuSignAccessTokenTtl() {
    return docuSignAccessTokenTtl;
  }

  public Duration refreshTokenTtl() {
    return refreshTokenTtl;
  }

  /**
   * How long a rotated refresh token stays usable after rotation ({@link Duration#ZERO}: not at
   * all, the default). Within it, presenting the old token again issues a fresh pair under the same
   * grant instead of revoking it, as providers with a reuse grace do.
   */
  public Duration refreshTokenReuseGrace() {
    return refreshTokenReuseGrace;
  }

  public Duration codeTtl() {
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
    private Duration boldSignAccessTokenTtl = Duration.ofHours(1);
    private Duration docuSignAccessTokenTtl = Duration.ofHours(8);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    private Duration refreshTokenReuseGrace = Duration.ZERO;
    private Duration codeTtl = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private final List<String> redirectUris = new ArrayList<>();
    private final List<RegisteredClient> clients = new ArrayList<>();
    private boolean seedDemoClients = true;
    private boolean boldSignIssParameter;
    private boolean boldSignPostAuthOnly;
    private KeyPair docuSignJwtKeyPair;
    private Path stateFile;

    private Builder() {}

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
      this.boldSignAccessTokenTtl = positive(ttl, "boldSignAccessTokenTtl");
      return this;
    }

    public Builder docuSignAccessTokenTtl(Duration ttl) {
      this.docuSignAccessTokenTtl = positive(ttl, "docuSignAccessTokenTtl");
      return this;
    }

    /** Sets both providers' access-token lifetime. */
    public Builder accessTokenTtl(Duration ttl) {
      return boldSignAccessTokenTtl(ttl).docuSignAccessTokenTtl(ttl);
    }

    public Builder refreshTokenTtl(Duration ttl) {
      this.refreshTokenTtl = positive(ttl, "refreshTokenTtl");
      return this;
    }

    /**
     * A reuse grace for rotated refresh tokens (both providers); {@link Duration#ZERO} for none.
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
