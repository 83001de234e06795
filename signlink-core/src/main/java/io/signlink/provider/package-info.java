/**
 * Who the providers are and who signed in at them.
 *
 * <p>A {@link io.signlink.provider.ProviderProfile} holds one provider's endpoints, client
 * credentials and quirks; {@code boldsign.BoldSignProfiles}, {@code docusign.DocuSignProfiles} and
 * {@code oidc.OidcDiscovery} (<a href="https://openid.net/specs/openid-connect-discovery-1_0.html">
 * OpenID Connect Discovery</a>) build them. {@link io.signlink.provider.Providers} turns a profile
 * into a {@link io.signlink.provider.Provider}: the profile, an {@link
 * io.signlink.provider.AccountResolver} and, for OpenID providers, an {@code oidc.IdTokenVerifier}.
 * The protocol side ({@code io.signlink.oauth}) runs the consent flow with a provider taken from
 * the {@link io.signlink.provider.ProviderRegistry}, verifies the ID token of the code exchange (<a
 * href="https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation">OIDC Core
 * §3.1.3.7</a>), then asks the resolver for the {@link io.signlink.provider.ResolvedIdentity}:
 * subject, name, email and the accounts (DocuSign's from {@code /oauth/userinfo}, BoldSign's
 * regional API host).
 *
 * <p>Provider documents are read by {@link io.signlink.provider.JsonFetcher} (size-capped, bearer
 * in the header only) and every provider URL passes {@link io.signlink.provider.HttpsPolicy}.
 */
package io.signlink.provider;
