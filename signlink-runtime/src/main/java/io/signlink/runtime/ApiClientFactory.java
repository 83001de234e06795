package io.signlink.runtime;

import io.signlink.connection.Connection;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;

/**
 * The shape of the provider API clients' {@code forConnection} factories ({@code
 * DocuSignApiClient::forConnection}, {@code BoldSignApiClient::forConnection}), so {@link
 * SignLinkRuntime#apiClient} hands out any of them without knowing the provider. Implementations
 * are stateless method references.
 *
 * @param <C> the client type
 */
@FunctionalInterface
public interface ApiClientFactory<C> {
  /** A client for {@code connection} that authenticates with {@code tokens}. */
  C create(
      HttpTransport http, ApiCallSettings settings, Connection connection, BearerTokens tokens);
}
