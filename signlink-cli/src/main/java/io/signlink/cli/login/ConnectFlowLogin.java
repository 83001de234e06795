package io.signlink.cli.login;

import io.signlink.connection.ConnectFlow;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEventListener;
import io.signlink.connection.ConnectionStore;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.oauth.InMemoryPendingAuthorizationStore;
import io.signlink.oauth.TokenClient;
import io.signlink.provider.ProviderRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link LoginFlow} on core's {@link ConnectFlow}, for one terminal login. The pending
 * authorization (state, PKCE verifier, nonce) stays in this process's memory — it never needs to
 * outlive the login — and the redirect URI is the loopback listener's, fixed once the port is open
 * (SECURITY.md §redirect-uri, §cli-loopback). The client is the provider's configured one: public
 * (no secret, PKCE only) when no secret is configured, confidential with the secret from
 * configuration otherwise — never one baked into the jar (SECURITY.md §cli-loopback). Not reusable:
 * one instance per login; thread-safe for that use.
 */
public final class ConnectFlowLogin implements LoginFlow {
  private final ProviderRegistry providers;
  private final ConnectionStore connections;
  private final TokenClient tokenClient;
  private final Clock clock;
  private final ConnectionEventListener events;
  private final Duration pendingTtl;
  private volatile ConnectFlow flow;
  private volatile String providerId;

  public ConnectFlowLogin(
      ProviderRegistry providers,
      ConnectionStore connections,
      TokenClient tokenClient,
      Clock clock,
      ConnectionEventListener events,
      Duration wait) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.connections = Objects.requireNonNull(connections, "connections");
    this.tokenClient = Objects.requireNonNull(tokenClient, "tokenClient");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.events = events;
    Duration margin = wait.plusMinutes(1);
    this.pendingTtl =
        margin.compareTo(AuthorizationRequests.DEFAULT_TTL) > 0
            ? margin
            : AuthorizationRequests.DEFAULT_TTL;
  }

  @Override
  public Started begin(String provider, String owner, URI redirectUri) {
    ConnectFlow f =
        new ConnectFlow(
            providers,
            new InMemoryPendingAuthorizationStore(clock),
            connections,
            tokenClient,
            new AuthorizationRequests(clock, pendingTtl, new SecureRandom()),
            id -> redirectUri,
            clock,
            events);
    AuthorizationStart start = f.begin(provider, owner, null, null);
    this.flow = f;
    this.providerId = provider;
    return new Started(
        start.authorizationUrl(),
        start.pending().state(),
        providers.require(provider).profile().displayName());
  }

  @Override
  public Connection complete(LoopbackCallback callback) {
    if (flow == null) {
      throw new IllegalStateException("begin() first");
    }
    return flow.complete(providerId, callback.parameters(), null).connection();
  }
}
