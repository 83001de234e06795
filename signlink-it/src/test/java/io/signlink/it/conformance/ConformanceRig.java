package io.signlink.it.conformance;

import io.signlink.connection.CompletedConnection;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.http.HttpResult;
import io.signlink.http.JdkHttpTransport;
import io.signlink.it.providers.ConsentBrowser;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.definition.DefinedApi;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SignLink configured for one provider exactly as a user configures it — {@code SIGNLINK_*}
 * settings into the composition root, an encrypted SQLite store in a temporary folder — plus the
 * few steps every conformance check repeats. One per test; close it after.
 */
final class ConformanceRig implements AutoCloseable {
  /** The emulator's demo clients register {@code http://127.0.0.1/callback/{provider}}. */
  static final String PUBLIC_URL = "http://127.0.0.1";

  final ProviderUnderTest provider;
  final SignLinkRuntime runtime;
  final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  private final AutoCloseable listening;

  ConformanceRig(ProviderUnderTest provider, Path dataDir) {
    this.provider = provider;
    Map<String, String> env = new HashMap<>(provider.settings());
    env.put("SIGNLINK_DATA_DIR", dataDir.toString());
    env.put("SIGNLINK_PUBLIC_URL", PUBLIC_URL);
    Clock clock = provider.clock() != null ? provider.clock() : Clock.systemUTC();
    runtime =
        SignLinkRuntime.open(SignLinkConfig.fromEnvironment(env), clock, new JdkHttpTransport());
    listening = runtime.events().register(events::add);
  }

  ProviderProfile profile() {
    return runtime.providers().require(provider.id()).profile();
  }

  /** The profile of one connection: its token endpoints at the shard or data centre it is on. */
  ProviderProfile profile(Connection c) {
    return runtime.providers().require(provider.id()).profileFor(c.callbackValues());
  }

  AuthorizationStart begin(String owner) {
    return runtime.connectFlow().begin(provider.id(), owner, null, null);
  }

  CompletedConnection complete(URI redirect) {
    Map<String, String> params = ConsentBrowser.query(redirect);
    return runtime.connectFlow().complete(provider.id(), params, null);
  }

  /** Begin, the user allows at the provider, complete: the stored connection. */
  Connection connect(String owner) {
    AuthorizationStart start = begin(owner);
    return stored(complete(provider.approve(start.authorizationUrl())).connection().id());
  }

  Connection stored(String connectionId) {
    return runtime.connections().find(connectionId).orElseThrow();
  }

  /**
   * The provider's test call with the connection's token, under SignLink's one 401 rule: the
   * definition's {@code test_call} through {@link DefinedApi} (its API root, auth scheme and error
   * shape), or the fixture's own call. Returns what it answered; a refusal is thrown.
   */
  String testCall(Connection c) {
    HttpRequest.Builder own = provider.testCall(c);
    if (own == null) {
      return runtime.definedApi(c).testCall();
    }
    HttpResult answer = runtime.authorizedCalls().send(c.id(), () -> provider.testCall(c));
    if (!answer.isSuccess()) {
      throw new AssertionError("the test call answered HTTP " + answer.status());
    }
    return answer.bodyAsString();
  }

  ProviderDefinition definition() {
    return runtime.definedProviders().definitions().require(provider.definition());
  }

  /** How many times SignLink refreshed this connection's tokens. */
  long refreshes(String connectionId) {
    return events.stream()
        .filter(e -> e.type() == ConnectionEvent.Type.REFRESHED)
        .filter(e -> connectionId.equals(e.connectionId()))
        .count();
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      runtime.close();
    }
  }
}
