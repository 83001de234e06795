package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's own reverse proxy ({@code ProxyHandler.Reverse} on Jetty's asynchronous {@code
 * HttpClient}) in front of the emulator, forwarding every request as it came (the caller's {@code
 * Authorization} included) and doing nothing else: no key check, limits, token or relay rules. It
 * is the anchor for SignLink's proxy design: what a second hop costs on this machine when it is
 * done by the server's own framework. Not thread-safe; close it after the run.
 */
final class JettyReverseProxy implements Relay {
  private final Server server;
  private final URI base;

  private JettyReverseProxy(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  /** Listens on a free loopback port and forwards to {@code target}'s scheme, host and port. */
  static JettyReverseProxy start(URI target) throws IOException {
    String origin = target.getScheme() + "://" + target.getRawAuthority();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new ProxyHandler.Reverse(
            request -> HttpURI.from(origin + request.getHttpURI().getPathQuery())));
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("Jetty's reverse proxy did not start", e);
    }
    return new JettyReverseProxy(
        server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  @Override
  public URI through(URI uri) {
    return base.resolve(
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("Jetty's reverse proxy did not stop", e);
    }
  }
}
