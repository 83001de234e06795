package io.signlink.provider;

import io.signlink.http.HttpTransport;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.provider.oidc.IdTokenPolicy;
import io.signlink.provider.oidc.IdTokenVerifier;
import io.signlink.provider.oidc.OidcDiscovery;
import java.time.Clock;

/**
 * Wires a {@link Provider} for a profile: the account resolver its definition names and, for OpenID
 * providers, an ID-token verifier over its JWKS. Stateless and thread-safe; the composition root
 * calls it once per configured provider and keeps the result in a {@link ProviderRegistry}.
 */
public final class Providers {
  private Providers() {}

  /** A provider with the default ID-token policy. */
  public static Provider create(ProviderProfile profile, HttpTransport http, Clock clock) {
    return create(profile, http, clock, IdTokenPolicy.defaults());
  }

  public static Provider create(
      ProviderProfile profile, HttpTransport http, Clock clock, IdTokenPolicy policy) {
    IdTokenVerifier verifier =
        profile.openId() ? new IdTokenVerifier(profile, http, clock, policy) : null;
    return new Provider(profile, resolver(profile, http, clock), verifier);
  }

  /**
   * A discovered OpenID provider whose verifier reads the current {@code jwks_uri} from {@code
   * discovery} on every JWKS fetch, so a provider that moves its keys is followed (SECURITY.md
   * §discovery).
   */
  public static Provider discovered(
      OidcDiscovery discovery,
      ProviderProfile profile,
      HttpTransport http,
      Clock clock,
      IdTokenPolicy policy) {
    IdTokenVerifier verifier =
        new IdTokenVerifier(profile, () -> discovery.metadata().jwksUri(), http, clock, policy);
    return new Provider(profile, resolver(profile, http, clock), verifier);
  }

  /** The account resolver the profile's definition names (its {@code accounts} hook). */
  private static AccountResolver resolver(
      ProviderProfile profile, HttpTransport http, Clock clock) {
    ProviderDefinition definition = ProviderDefinitions.builtIn().require(profile.definition());
    return DefinitionHooks.builtIn().accounts(definition, http, clock);
  }
}
