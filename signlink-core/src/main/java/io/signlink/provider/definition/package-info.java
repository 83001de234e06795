/**
 * Providers as data: one {@link io.signlink.provider.definition.ProviderDefinition} per provider,
 * read from {@code io/signlink/providers/<id>.json} by {@link
 * io.signlink.provider.definition.ProviderDefinitions}, plus named {@link
 * io.signlink.provider.definition.DefinitionHooks hooks} where data cannot say it.
 *
 * <p>The flow: a composition root reads each definition's settings with {@link
 * io.signlink.provider.definition.DefinitionSettings} ({@code SIGNLINK_<ID>_CLIENT_ID}, …), and
 * {@link io.signlink.provider.definition.DefinedProviders} turns them into providers — the profile
 * from the definition's templates ({@link io.signlink.provider.definition.DefinedProfiles}) or from
 * <a href="https://openid.net/specs/openid-connect-discovery-1_0.html">OpenID Connect
 * Discovery</a>, the account resolver its hook names, the ID-token verifier. Shared code asks the
 * definition; it never tests a provider's id. The schema is documented in
 * docs/PROVIDER-DEFINITIONS.md.
 */
package io.signlink.provider.definition;
