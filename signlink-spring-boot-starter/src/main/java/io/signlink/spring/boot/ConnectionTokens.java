package io.signlink.spring.boot;

import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.oauth.Secret;
import io.signlink.provider.api.BearerTokens;
import io.signlink.runtime.SignLinkRuntime;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One connection's tokens ({@link ConnectionBearerTokens}) that ask for the runtime only when a
 * token is wanted: a client built in a bean's constructor does not open SignLink in the start.
 * Immutable and thread-safe.
 */
final class ConnectionTokens implements BearerTokens {
  private final Supplier<SignLinkRuntime> runtime;
  private final String connectionId;

  ConnectionTokens(Supplier<SignLinkRuntime> runtime, String connectionId) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.connectionId = Objects.requireNonNull(connectionId, "connectionId");
  }

  private BearerTokens open() {
    return new ConnectionBearerTokens(runtime.get().tokens(), connectionId);
  }

  @Override
  public Secret current() {
    return open().current();
  }

  @Override
  public Secret refreshed(Secret rejected) {
    return open().refreshed(rejected);
  }

  @Override
  public String toString() {
    return "ConnectionBearerTokens[" + connectionId + "]";
  }
}
