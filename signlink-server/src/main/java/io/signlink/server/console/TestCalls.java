package io.signlink.server.console;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.TokenManager;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.definition.DefinedProviders;
import io.signlink.provider.definition.ProviderDefinition;
import java.util.Objects;

/**
 * One harmless API call per provider to show a connection works, as the provider's definition
 * states it ({@code test_call}, docs/PROVIDER-DEFINITIONS.md): DocuSign reads the account, BoldSign
 * lists the first documents. The definitions and hooks are the runtime's ({@code
 * SignLinkRuntime#definedProviders}), so a definition or hook registered there is honoured here.
 * Returns a one-line summary; failures are the typed exceptions of the API caller. Thread-safe.
 */
public final class TestCalls {
  private final TokenManager tokens;
  private final ProviderRegistry providers;
  private final DefinedProviders defined;

  public TestCalls(TokenManager tokens, ProviderRegistry providers, DefinedProviders defined) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.defined = Objects.requireNonNull(defined, "defined");
  }

  public String run(Connection c) {
    ProviderProfile profile = providers.require(c.providerId()).profile();
    ProviderDefinition definition = defined.definitionOf(profile);
    if (definition.testCall() == null) {
      return "No test call is defined for provider "
          + c.providerId()
          + "; the token is "
          + (tokens.accessToken(c.id()) != null ? "valid" : "missing")
          + ".";
    }
    return defined.api(profile, c, new ConnectionBearerTokens(tokens, c.id())).testCall();
  }
}
