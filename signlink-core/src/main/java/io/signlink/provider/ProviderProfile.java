package io.signlink.provider;

import io.signlink.oauth.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything SignLink needs to talk OAuth to one configured provider: its endpoints, the client's
 * credentials and the provider's quirks. Built by {@code BoldSignProfiles}, {@code
 * DocuSignProfiles} or OIDC discovery; every endpoint can be overridden so tests and the emulator
 * can point a profile at a local server. Immutable; {@code toString()} redacts the client secret.
 *
 * @param id the provider id used in URLs and storage ({@code boldsign}, {@code docusign}, or a
 *     configured name for an OIDC provider)
 * @param issuer the issuer identifier (compared with ID-token {@code iss} and RFC 9207 {@code
 *     iss}); for DocuSign the account-server base URL
 * @param userinfoEndpoint {@code null} if the provider has none
 * @param revocationEndpoint {@code null} if the provider has none (RFC 7009)
 * @param jwksUri {@code null} for providers that issue no ID token
 * @param apiBaseUri the provider API root when it does not come from the account (BoldSign regional
 *     host); {@code null} for DocuSign, whose accounts carry their own {@code base_uri}
 * @param clientSecret {@code null} for a public client
 * @param scopes the scopes requested at consent (least privilege, SECURITY.md §scopes)
 * @param extraAuthorizationParameters added to the authorization URL (e.g. DocuSign {@code prompt})
 * @param openId whether ID tokens are expected and a nonce is sent (SECURITY.md §nonce)
 * @param issParameterSupported the provider announces {@code
 *     authorization_response_iss_parameter_supported} (RFC 9207, SECURITY.md §issuer-check)
 * @param defaultAccessTokenLifetime used when a token response has no {@code expires_in}
 *     (SECURITY.md §token-response)
 * @param refreshTokenPolicy the provider's documented refresh-token reuse grace and idle limit
 *     (default none known)
 * @param definition the id of the {@code io.signlink.provider.definition.ProviderDefinition} that
 *     describes this provider (its hooks, API and test call); defaults to the kind's built-in one
 * @param refreshEndpoint a separate refresh endpoint (Acrobat Sign), or {@code null} to refresh at
 *     the token endpoint (RFC 6749 §6)
 * @param pkce whether the provider accepts PKCE (RFC 7636); SignLink sends it wherever it does
 * @param scopeSeparator joins scopes on the wire: a space (RFC 6749 §3.3) unless the provider wants
 *     another
 * @param scopePlacement where the {@code scope} parameter is sent (default on the authorization
 *     URL)
 * @param authScheme the {@code Authorization} scheme API calls send the token with ({@code Bearer})
 * @param quirks where its token and revocation endpoints depart from the RFCs (default none)
 */
public record ProviderProfile(
    String id,
    ProviderKind kind,
    String displayName,
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI userinfoEndpoint,
    URI revocationEndpoint,
    URI jwksUri,
    URI apiBaseUri,
    String clientId,
    Secret clientSecret,
    ClientAuthMethod clientAuth,
    List<String> scopes,
    Map<String, String> extraAuthorizationParameters,
    boolean openId,
    boolean issParameterSupported,
    Duration defaultAccessTokenLifetime,
    RefreshTokenPolicy refreshTokenPolicy,
    String definition,
    URI refreshEndpoint,
    boolean pkce,
    String scopeSeparator,
    ScopePlacement scopePlacement,
    String authScheme,
    ProtocolQuirks quirks) {

  public ProviderProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(defaultAccessTokenLifetime, "defaultAccessTokenLifetime");
    if (clientAuth != ClientAuthMethod.NONE && clientSecret == null) {
      throw new IllegalArgumentException(
          "provider " + id + ": client authentication " + clientAuth + " needs a client secret");
    }
    displayName = displayName == null ? id : displayName;
    refreshTokenPolicy = refreshTokenPolicy == null ? RefreshTokenPolicy.NONE : refreshTokenPolicy;
    definition = definition == null ? kind.definitionId() : definition;
    if (definition == null) {
      throw new IllegalArgumentException(
          "provider " + id + ": a profile of kind " + kind + " must name its definition");
    }
    scopeSeparator = scopeSeparator == null || scopeSeparator.isEmpty() ? " " : scopeSeparator;
    authScheme = authScheme == null || authScheme.isBlank() ? "Bearer" : authScheme;
    quirks = quirks == null ? ProtocolQuirks.NONE : quirks;
    scopePlacement = scopePlacement == null ? ScopePlacement.AUTHORIZATION : scopePlacement;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    extraAuthorizationParameters =
        extraAuthorizationParameters == null ? Map.of() : Map.copyOf(extraAuthorizationParameters);
  }

  /** Where refresh requests go: the separate refresh endpoint, else the token endpoint. */
  public URI refreshEndpointOrToken() {
    return refreshEndpoint != null ? refreshEndpoint : tokenEndpoint;
  }

  /**
   * The {@code scope} parameter's value for {@code scopes}, joined by the provider's separator, or
   * {@code null} for none.
   */
  public String scopeParameter(java.util.Collection<String> scopes) {
    return scopes == null || scopes.isEmpty() ? null : String.join(scopeSeparator, scopes);
  }

  /** True for a public client (no secret, PKCE only). */
  public boolean isPublicClient() {
    return clientAuth == ClientAuthMethod.NONE;
  }

  @Override
  public String toString() {
    return "ProviderProfile[id="
        + id
        + ", kind="
        + kind
        + ", issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", clientAuth="
        + clientAuth
        + ", scopes="
        + scopes
        + "]";
  }

  /** A builder with no fields set except the defaults documented on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this profile's values, to override some of them (tests, the emulator). */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .kind(kind)
        .displayName(displayName)
        .issuer(issuer)
        .authorizationEndpoint(authorizationEndpoint)
        .tokenEndpoint(tokenEndpoint)
        .userinfoEndpoint(userinfoEndpoint)
        .revocationEndpoint(revocationEndpoint)
        .jwksUri(jwksUri)
        .apiBaseUri(apiBaseUri)
        .clientId(clientId)
        .clientSecret(clientSecret)
        .clientAuth(clientAuth)
        .scopes(scopes)
        .extraAuthorizationParameters(extraAuthorizationParameters)
        .openId(openId)
        .issParameterSupported(issParameterSupported)
        .defaultAccessTokenLifetime(defaultAccessTokenLifetime)
        .refreshTokenPolicy(refreshTokenPolicy)
        .definition(definition)
        .refreshEndpoint(refreshEndpoint)
        .pkce(pkce)
        .scopeSeparator(scopeSeparator)
        .scopePlacement(scopePlacement)
        .authScheme(authScheme)
        .quirks(quirks);
  }

  /**
   * Builds a {@link ProviderProfile}; {@link #build()} applies the record's validation. Defaults:
   * client authentication {@code CLIENT_SECRET_BASIC}, default access-token lifetime one hour, no
   * scopes, not OpenID, PKCE on, scopes joined by a space, {@code Bearer} API auth. Not
   * thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private String id;
    private ProviderKind kind;
    private String displayName;
    private String issuer;
    private URI authorizationEndpoint;
    private URI tokenEndpoint;
    private URI userinfoEndpoint;
    private URI revocationEndpoint;
    private URI jwksUri;
    private URI apiBaseUri;
    private String clientId;
    private Secret clientSecret;
    private ClientAuthMethod clientAuth = ClientAuthMethod.CLIENT_SECRET_BASIC;
    private List<String> scopes = List.of();
    private Map<String, String> extraAuthorizationParameters = Map.of();
    private boolean openId;
    private boolean issParameterSupported;
    private Duration defaultAccessTokenLifetime = Duration.ofHours(1);
    private RefreshTokenPolicy refreshTokenPolicy = RefreshTokenPolicy.NONE;
    private String definition;
    private URI refreshEndpoint;
    private boolean pkce = true;
    private String scopeSeparator = " ";
    private String authScheme = "Bearer";
    private ProtocolQuirks quirks = ProtocolQuirks.NONE;
    private ScopePlacement scopePlacement = ScopePlacement.AUTHORIZATION;

    public Builder scopePlacement(ScopePlacement placement) {
      this.scopePlacement = placement;
      return this;
    }

    private Builder() {}

    public Builder definition(String definitionId) {
      this.definition = definitionId;
      return this;
    }

    public Builder refreshEndpoint(URI uri) {
      this.refreshEndpoint = uri;
      return this;
    }

    public Builder pkce(boolean pkce) {
      this.pkce = pkce;
      return this;
    }

    public Builder scopeSeparator(String separator) {
      this.scopeSeparator = separator;
      return this;
    }

    public Builder quirks(ProtocolQuirks quirks) {
      this.quirks = quirks;
      return this;
    }

    public Builder authScheme(String scheme) {
      this.authScheme = scheme;
      return this;
    }

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder kind(ProviderKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder authorizationEndpoint(URI uri) {
      this.authorizationEndpoint = uri;
      return this;
    }

    public Builder tokenEndpoint(URI uri) {
      this.tokenEndpoint = uri;
      return this;
    }

    public Builder userinfoEndpoint(URI uri) {
      this.userinfoEndpoint = uri;
      return this;
    }

    public Builder revocationEndpoint(URI uri) {
      this.revocationEndpoint = uri;
      return this;
    }

    public Builder jwksUri(URI uri) {
      this.jwksUri = uri;
      return this;
    }

    public Builder apiBaseUri(URI uri) {
      this.apiBaseUri = uri;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(Secret clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder clientAuth(ClientAuthMethod clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    public Builder scopes(List<String> scopes) {
      this.scopes = scopes;
      return this;
    }

    public Builder extraAuthorizationParameters(Map<String, String> parameters) {
      this.extraAuthorizationParameters = parameters;
      return this;
    }

    public Builder openId(boolean openId) {
      this.openId = openId;
      return this;
    }

    public Builder issParameterSupported(boolean supported) {
      this.issParameterSupported = supported;
      return this;
    }

    public Builder defaultAccessTokenLifetime(Duration lifetime) {
      this.defaultAccessTokenLifetime = lifetime;
      return this;
    }

    public Builder refreshTokenPolicy(RefreshTokenPolicy policy) {
      this.refreshTokenPolicy = policy;
      return this;
    }

    public ProviderProfile build() {
      return new ProviderProfile(
          id,
          kind,
          displayName,
          issuer,
          authorizationEndpoint,
          tokenEndpoint,
          userinfoEndpoint,
          revocationEndpoint,
          jwksUri,
          apiBaseUri,
          clientId,
          clientSecret,
          clientAuth,
          scopes,
          extraAuthorizationParameters,
          openId,
          issParameterSupported,
          defaultAccessTokenLifetime,
          refreshTokenPolicy,
          definition,
          refreshEndpoint,
          pkce,
          scopeSeparator,
          scopePlacement,
          authScheme,
          quirks);
    }
  }
}
