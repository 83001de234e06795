package io.signlink.spring.boot;

import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.http.HttpTransport;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.api.BearerTokens;
import io.signlink.provider.boldsign.BoldSignApiClient;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.spring.web.BearerTokenRequestInterceptor;
import java.util.Objects;

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
  private final TokenManager tokens;
  private final ConnectionStore connections;
  private final HttpTransport http;

  SignLinkClients(TokenManager tokens, ConnectionStore connections, HttpTransport http) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * The connection's tokens for any HTTP client: {@link BearerTokens#current()} and the 401 rule.
   */
  public BearerTokens tokens(String connectionId) {
    return new ConnectionBearerTokens(tokens, connectionId);
  }

  /** For Spring's {@code RestClient} and {@code RestTemplate}. */
  public BearerTokenRequestInterceptor restClientInterceptor(String connectionId) {
    return new BearerTokenRequestInterceptor(tokens(connectionId));
  }

  /** SignLink's DocuSign client on the connection's selected account. */
  public DocuSignApiClient docuSign(String connectionId) {
    return DocuSignApiClient.forConnection(
        http, ApiCallSettings.defaults(), connection(connectionId), tokens(connectionId));
  }

  /** SignLink's BoldSign client on the connection's regional API host. */
  public BoldSignApiClient boldSign(String connectionId) {
    return BoldSignApiClient.forConnection(
        http, ApiCallSettings.defaults(), connection(connectionId), tokens(connectionId));
  }

  private Connection connection(String id) {
    return connections
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
