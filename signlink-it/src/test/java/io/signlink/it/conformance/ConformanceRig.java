package io.signlink.it.conformance;

import io.signlink.connection.CompletedConnection;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.http.JdkHttpTransport;
import io.signlink.it.providers.ConsentBrowser;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.ProviderProfile;
import io.signlink.server.SignLinkRuntime;
import io.signlink.server.config.SignLinkConfig;
import java.net.URI;
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

  private static final long MAX_TEST_CALL_BYTES = 1 << 20;

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

  AuthorizationStart begin(String owner) {
    return runtime.connectFlow().begin(provider.id(), owner, null, null);
  }

  CompletedConnection complete(URI redirect) {
    return runtime.connectFlow().complete(provider.id(), ConsentBrowser.query(redirect), null);
  }

  /** Begin, the user allows at the provider, complete: the stored connection. */
  Connection connect(String owner) {
    AuthorizationStart start = begin(owner);
    return stored(complete(provider.approve(start.authorizationUrl())).connection().id());
  }

  Connection stored(String connectionId) {
    return runtime.connections().find(connectionId).orElseThrow();
  }

  /** The provider's test call with the connection's token, under SignLink's 401 rule. */
  HttpResult testCall(Connection c) {
    return runtime
        .authorizedCalls()
        .call(
            c.id(),
            token ->
                runtime
                    .http()
                    .send(
                        provider
                            .testCall(c)
                            .setHeader(
                                "Authorization",
                                provider.authorizationScheme() + " " + token.reveal())
                            .build(),
                        MAX_TEST_CALL_BYTES),
            BearerChallenge::refusesToken);
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
