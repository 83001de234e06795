package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A relay the proxy rows are read against: a Jetty server on a free loopback port in front of the
 * emulator, for one run. Not thread-safe; close it after the run.
 */
abstract class Relay implements AutoCloseable {
  /** Answers above this are refused (502): the relays are for the small call only. */
  static final int MAX_ANSWER = 1024 * 1024;

  private final Server server = new Server();
  private final AutoCloseable rest;
  private final URI base;

  /**
   * Starts {@code handler} on a free loopback port; {@code what} names the relay in errors, {@code
   * rest} is what the relay holds besides its server (its HTTP client), closed after the server or
   * at once when the server does not start.
   */
  Relay(Handler handler, String what, AutoCloseable rest) throws IOException {
    this.rest = rest;
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      IOException failed = new IOException(what + " did not start", e);
      try {
        rest.close();
      } catch (Exception closing) {
        failed.addSuppressed(closing);
      }
      throw failed;
    }
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  /** {@code uri} with this relay's scheme, host and port. */
  URI through(URI uri) {
    return base.resolve(
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
      rest.close();
    } catch (Exception e) {
      throw new IOException("a relay did not stop", e);
    }
  }
}
