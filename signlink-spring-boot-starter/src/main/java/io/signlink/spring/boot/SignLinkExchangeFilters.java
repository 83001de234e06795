package io.signlink.spring.boot;

import io.signlink.runtime.SignLinkRuntime;
import io.signlink.spring.web.BearerTokenExchangeFilter;
import java.util.Objects;
import java.util.function.Supplier;

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
  private final Supplier<SignLinkRuntime> runtime;

  SignLinkExchangeFilters(Supplier<SignLinkRuntime> runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /** A filter that sends the connection's token and refreshes once after a 401 that refuses it. */
  public BearerTokenExchangeFilter forConnection(String connectionId) {
    return new BearerTokenExchangeFilter(new ConnectionTokens(runtime, connectionId));
  }

  @Override
  public String toString() {
    return "SignLinkExchangeFilters";
  }
}
