/**
 * Generic OpenID Connect: discovery, ID tokens and userinfo.
 *
 * <p>{@link io.signlink.provider.oidc.OidcDiscovery} reads {@code
 * {issuer}/.well-known/openid-configuration} (<a
 * href="https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig">Discovery
 * §4</a>), insists that its {@code issuer} is identical to the configured one (<a
 * href="https://www.rfc-editor.org/rfc/rfc8414#section-3.3">RFC 8414 §3.3</a>), notes whether the
 * provider sends {@code iss} in authorization responses (<a
 * href="https://www.rfc-editor.org/rfc/rfc9207">RFC 9207</a>) and caches the result.
 *
 * <p>{@link io.signlink.provider.oidc.IdTokenVerifier} checks the ID token of a code exchange (<a
 * href="https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation">Core
 * §3.1.3.7</a>): signature over the provider's JWKS (<a
 * href="https://www.rfc-editor.org/rfc/rfc7517">RFC 7517</a>, key rotation per <a
 * href="https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys">Core §10.1.1</a>),
 * then the claims; and the ID token of a refresh (<a
 * href="https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse">Core
 * §12.2</a>). {@link io.signlink.provider.oidc.Userinfo} reads the <a
 * href="https://openid.net/specs/openid-connect-core-1_0.html#UserInfo">UserInfo endpoint</a> and
 * rejects an answer about another subject; {@link io.signlink.provider.oidc.OidcAccountResolver}
 * combines both into the signed-in identity.
 */
package io.signlink.provider.oidc;
