package io.signlink.spring.boot;

import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.TokenManager;
import io.signlink.spring.web.BearerTokenExchangeFilter;
import java.util.Objects;

/**
 * {@code WebClient} filters for one connection, under SignLink's rule for tokens (SECURITY.md
 * §retry-on-401); present when the application has Spring WebFlux.
 *
 * <pre>{@code
 * WebClient docusign = WebClient.builder()
 *     .baseUrl(connection.baseUri())
 *     .filter(filters.forConnection(connection.id()))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SignLinkExchangeFilters {
  private final TokenManager tokens;

  SignLinkExchangeFilters(TokenManager tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  /** A filter that sends the connection's token and refreshes once after a 401 that refuses it. */
  public BearerTokenExchangeFilter forConnection(String connectionId) {
    return new BearerTokenExchangeFilter(new ConnectionBearerTokens(tokens, connectionId));
  }

  @Override
  public String toString() {
    return "SignLinkExchangeFilters";
  }
}
