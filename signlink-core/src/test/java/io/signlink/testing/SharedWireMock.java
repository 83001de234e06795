package io.signlink.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * One WireMock server per test JVM on a random port, started on first use: starting WireMock costs
 * seconds, so test classes share it and call {@code resetAll()} before each test. Stopped by a
 * shutdown hook. Test classes using it must not run in parallel with each other. Thread-safe.
 */
public final class SharedWireMock {
  private static WireMockServer server;

  private SharedWireMock() {}

  /** The running server. */
  public static synchronized WireMockServer get() {
    if (server == null) {
      WireMockServer s = new WireMockServer(wireMockConfig().dynamicPort());
      s.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "wiremock-stop"));
      server = s;
    }
    return server;
  }
}
