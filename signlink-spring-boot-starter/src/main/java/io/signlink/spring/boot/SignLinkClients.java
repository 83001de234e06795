package io.signlink.spring.boot;

import io.signlink.connection.Connection;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.boldsign.BoldSignApiClient;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.spring.web.BearerTokenRequestInterceptor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Clients for one connection, all under SignLink's rule for tokens: the connection's current token
 * on every call, one refresh and one retry after a 401 that refuses it (SECURITY.md §retry-on-401).
 *
 * <pre>{@code
 * RestClient docusign = RestClient.builder()
 *     .baseUrl(connection.baseUri())
 *     .requestInterceptor(clients.restClientInterceptor(connection.id()))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe; each call makes a new client, cheap enough to make per request.
 */
public final class SignLinkClients {
  private final Supplier<SignLinkRuntime> runtime;

  /**
   * @param runtime SignLink's runtime, asked for on each call (the starter's opens it on first use
   *     if it is not open yet)
   */
  SignLinkClients(Supplier<SignLinkRuntime> runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * The connection's tokens for any HTTP client: {@link BearerTokens#current()} and the 401 rule.
   */
  public BearerTokens tokens(String connectionId) {
    return new ConnectionTokens(runtime, connectionId);
  }

  /** For Spring's {@code RestClient} and {@code RestTemplate}. */
  public BearerTokenRequestInterceptor restClientInterceptor(String connectionId) {
    return new BearerTokenRequestInterceptor(tokens(connectionId));
  }

  /** SignLink's DocuSign client on the connection's selected account. */
  public DocuSignApiClient docuSign(String connectionId) {
    return DocuSignApiClient.forConnection(
        runtime.get().http(),
        ApiCallSettings.defaults(),
        connection(connectionId),
        tokens(connectionId));
  }

  /** SignLink's BoldSign client on the connection's regional API host. */
  public BoldSignApiClient boldSign(String connectionId) {
    return BoldSignApiClient.forConnection(
        runtime.get().http(),
        ApiCallSettings.defaults(),
        connection(connectionId),
        tokens(connectionId));
  }

  private Connection connection(String id) {
    return runtime
        .get()
        .connections()
        .find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "SignLink has no connection "
                        + id
                        + "; it was deleted or never made. Connect the account again."));
  }

  @Override
  public String toString() {
    return "SignLinkClients";
  }
}
