package io.signlink.provider.definition;

import io.signlink.connection.Connection;
import io.signlink.error.ConfigurationException;
import io.signlink.http.HttpTransport;
import io.signlink.provider.CallbackValues;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.oidc.IdTokenVerifier;
import io.signlink.provider.oidc.OidcDiscovery;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns configured clients into providers, from their definitions alone: the profile (stated
 * endpoints via {@link DefinedProfiles}, or OpenID Connect discovery when the definition says
 * {@code "discovery": true}), the account resolver its {@code accounts} hook names, and the
 * ID-token verifier of an OpenID provider. This is the one place a composition root (server, CLI,
 * library) builds providers; none of them tests a provider's id. Immutable and thread-safe.
 */
public final class DefinedProviders {
  private final ProviderDefinitions definitions;
  private final DefinitionHooks hooks;
  private final HttpTransport http;
  private final Clock clock;

  public DefinedProviders(
      ProviderDefinitions definitions, DefinitionHooks hooks, HttpTransport http, Clock clock) {
    this.definitions = Objects.requireNonNull(definitions, "definitions");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The built-in definitions and hooks. */
  public static DefinedProviders builtIn(HttpTransport http, Clock clock) {
    return new DefinedProviders(
        ProviderDefinitions.builtIn(), DefinitionHooks.builtIn(), http, clock);
  }

  /** A registry of every configured client, in order. */
  public ProviderRegistry registry(List<ProviderClientSettings> clients) {
    List<Provider> providers = new ArrayList<>();
    for (ProviderClientSettings s : clients) {
      providers.add(create(s));
    }
    return new ProviderRegistry(providers);
  }

  /** One provider from its client settings and definition. */
  public Provider create(ProviderClientSettings s) {
    ProviderDefinition d = definitions.require(s.definition());
    ProviderProfile profile = d.discovery() ? discover(d, s) : DefinedProfiles.profile(d, s);
    return new Provider(
        profile,
        hooks.accounts(d, http, clock),
        profile.openId() ? IdTokenVerifier.create(profile, http, clock) : null,
        d.callbackParameters().isEmpty() || d.discovery()
            ? CallbackValues.NONE
            : new DefinedCallbackValues(d, s));
  }

  public ProviderDefinitions definitions() {
    return definitions;
  }

  public DefinitionHooks hooks() {
    return hooks;
  }

  /** The definition {@code profile} was built from. */
  public ProviderDefinition definitionOf(ProviderProfile profile) {
    return definitions.require(profile.definition());
  }

  /**
   * The API of {@code connection}, made by {@code profile}'s provider, as its definition describes
   * it and with these hooks: the one way the CLI's {@code call}, the console's test call and a
   * library's code reach a connection's API, so a hook registered once reaches all of them.
   *
   * @throws ConfigurationException when the connection lacks what {@code api.root} needs
   */
  public DefinedApi api(ProviderProfile profile, Connection connection, BearerTokens tokens) {
    return DefinedApi.forConnection(
        definitionOf(profile),
        hooks,
        http,
        ApiCallSettings.defaults().withClock(clock),
        connection,
        tokens);
  }

  private ProviderProfile discover(ProviderDefinition d, ProviderClientSettings s) {
    URI issuer = s.overrides().get("issuer");
    String setting = DefinitionSettings.prefix(d, s.id()) + "ISSUER";
    if (issuer == null) {
      throw new ConfigurationException(setting, "is required: the provider's issuer URL");
    }
    try {
      OidcDiscovery discovery = OidcDiscovery.create(issuer.toString(), http, clock);
      ProviderProfile p =
          discovery.profile(
              s.id(), s.clientId(), s.clientSecret(), s.clientAuth(), s.scopes(), offline(s));
      return p.toBuilder().definition(d.id()).build();
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          setting,
          "discovery at "
              + issuer
              + "/.well-known/openid-configuration failed ("
              + e.getMessage()
              + "); check the issuer URL and that the provider is reachable");
    }
  }

  private static OidcDiscovery.OfflineAccess offline(ProviderClientSettings s) {
    String v = s.options().get("OFFLINE_ACCESS");
    return v == null
        ? OidcDiscovery.OfflineAccess.AUTO
        : OidcDiscovery.OfflineAccess.valueOf(v.toUpperCase(Locale.ROOT));
  }
}
