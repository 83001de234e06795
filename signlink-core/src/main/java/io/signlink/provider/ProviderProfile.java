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
 * @param scopes the scopes requested at consent (least privilege, checklist #12)
 * @param extraAuthorizationParameters added to the authorization URL (e.g. DocuSign {@code prompt})
 * @param openId whether ID tokens are expected and a nonce is sent (checklist #8)
 * @param issParameterSupported the provider announces {@code
 *     authorization_response_iss_parameter_supported} (RFC 9207, checklist #15)
 * @param defaultAccessTokenLifetime used when a token response has no {@code expires_in} (#41)
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
    Duration defaultAccessTokenLifetime) {

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
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    extraAuthorizationParameters =
        extraAuthorizationParameters == null ? Map.of() : Map.copyOf(extraAuthorizationParameters);
  }

  /** True for a public client (no secret, PKCE only). */
  public boolean isPublicClient() {
    return clientAuth == ClientAuthMethod.NONE;
  }

  @Override
  public String toString() {
    return "ProviderProfile[id=" + id + ", kind=" + kind + ", issuer=" + issuer
        + ", clientId=" + clientId + ", clientAuth=" + clientAuth + ", scopes=" + scopes + "]";
  }
}
