package io.signlink.provider.oidc;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The parts of an OpenID Provider's discovery document SignLink uses (OpenID Connect Discovery §3),
 * already checked by {@link OidcDiscovery}: the issuer is identical to the configured one and every
 * endpoint is https or loopback. Immutable.
 *
 * @param userinfoEndpoint {@code null} when the provider announces none
 * @param revocationEndpoint {@code null} when the provider announces none (RFC 7009)
 * @param issParameterSupported {@code authorization_response_iss_parameter_supported} (RFC 9207)
 * @param codeChallengeMethods may be empty; its absence never switches PKCE off (SECURITY.md
 *     §discovery)
 * @param tokenEndpointAuthMethods {@code token_endpoint_auth_methods_supported}; empty when not
 *     announced, which means {@code client_secret_basic} (Discovery §3)
 * @param scopesSupported {@code scopes_supported}; empty when not announced
 */
public record OidcMetadata(
    String issuer,
    URI authorizationEndpoint,
    URI tokenEndpoint,
    URI userinfoEndpoint,
    URI revocationEndpoint,
    URI jwksUri,
    boolean issParameterSupported,
    List<String> codeChallengeMethods,
    List<String> idTokenSigningAlgorithms,
    List<String> tokenEndpointAuthMethods,
    List<String> scopesSupported) {

  /** Metadata without the client-authentication and scope announcements. */
  public OidcMetadata(
      String issuer,
      URI authorizationEndpoint,
      URI tokenEndpoint,
      URI userinfoEndpoint,
      URI revocationEndpoint,
      URI jwksUri,
      boolean issParameterSupported,
      List<String> codeChallengeMethods,
      List<String> idTokenSigningAlgorithms) {
    this(
        issuer,
        authorizationEndpoint,
        tokenEndpoint,
        userinfoEndpoint,
        revocationEndpoint,
        jwksUri,
        issParameterSupported,
        codeChallengeMethods,
        idTokenSigningAlgorithms,
        List.of(),
        List.of());
  }

  public OidcMetadata {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(jwksUri, "jwksUri");
    codeChallengeMethods =
        codeChallengeMethods == null ? List.of() : List.copyOf(codeChallengeMethods);
    idTokenSigningAlgorithms =
        idTokenSigningAlgorithms == null ? List.of() : List.copyOf(idTokenSigningAlgorithms);
    tokenEndpointAuthMethods =
        tokenEndpointAuthMethods == null ? List.of() : List.copyOf(tokenEndpointAuthMethods);
    scopesSupported = scopesSupported == null ? List.of() : List.copyOf(scopesSupported);
  }
}
