package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;

/**
 * Jetty's own reverse proxy ({@code ProxyHandler.Reverse} on Jetty's asynchronous {@code
 * HttpClient}) in front of the emulator, forwarding every request as it came (the caller's {@code
 * Authorization} included) and doing nothing else: no key check, limits, token or relay rules. It
 * is the anchor for SignLink's proxy design: what a second hop costs on this machine when it is
 * done by the server's own framework. Not thread-safe; close it after the run.
 */
final class JettyReverseProxy extends Relay {
  private JettyReverseProxy(String origin) throws IOException {
    super(
        new ProxyHandler.Reverse(
            request -> HttpURI.from(origin + request.getHttpURI().getPathQuery())),
        "Jetty's reverse proxy",
        () -> {}); // its HttpClient is a bean of the handler: it stops with the server
  }

  /** Listens on a free loopback port and forwards to {@code target}'s scheme, host and port. */
  static JettyReverseProxy start(URI target) throws IOException {
    return new JettyReverseProxy(target.getScheme() + "://" + target.getRawAuthority());
  }
}
