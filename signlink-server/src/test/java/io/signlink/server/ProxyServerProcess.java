package io.signlink.server;

import io.signlink.runtime.config.SignLinkConfig;

/**
 * A SignLink server configured from {@code SIGNLINK_*} variables, for tests that run it in its own
 * JVM (e.g. with a small heap); it stops when its standard input closes.
 */
public final class ProxyServerProcess {
  private ProxyServerProcess() {}

  public static void main(String[] args) throws Exception {
    try (SignLinkServer server =
        SignLinkServer.start(SignLinkConfig.fromEnvironment(System.getenv()))) {
      System.out.println("listening on " + server.port());
      while (System.in.read() >= 0) {
        // wait for the parent to close our stdin
      }
    }
  }
}
