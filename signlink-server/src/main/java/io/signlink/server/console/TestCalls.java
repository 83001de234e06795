package io.signlink.server.console;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.TokenManager;
import io.signlink.http.HttpTransport;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.definition.DefinedApi;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import java.time.Clock;
import java.util.Objects;

/**
 * One harmless API call per provider to show a connection works, as the provider's definition
 * states it ({@code test_call}, docs/PROVIDER-DEFINITIONS.md): DocuSign reads the account, BoldSign
 * lists the first documents. Returns a one-line summary; failures are the typed exceptions of the
 * API caller. Thread-safe.
 */
public final class TestCalls {
  private final HttpTransport http;
  private final TokenManager tokens;
  private final ApiCallSettings settings;
  private final ProviderRegistry providers;

  public TestCalls(
      HttpTransport http, TokenManager tokens, Clock clock, ProviderRegistry providers) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.settings = ApiCallSettings.defaults().withClock(clock);
    this.providers = Objects.requireNonNull(providers, "providers");
  }

  public String run(Connection c) {
    ProviderDefinition definition =
        ProviderDefinitions.builtIn()
            .require(providers.require(c.providerId()).profile().definition());
    if (definition.testCall() == null) {
      return "No test call is defined for provider "
          + c.providerId()
          + "; the token is "
          + (tokens.accessToken(c.id()) != null ? "valid" : "missing")
          + ".";
    }
    return DefinedApi.forConnection(
            definition,
            DefinitionHooks.builtIn(),
            http,
            settings,
            c,
            new ConnectionBearerTokens(tokens, c.id()))
        .testCall();
  }
}
