package io.signlink.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The emulator's listening socket, bound before its routes are declared. The routes embed their own
 * URLs (issuer, {@code base_uri}, JWT audience), so the port must be known first, and Javalin 7
 * takes every route up front in its configuration. Jetty is handed the socket already bound, so no
 * other process can take a port picked in advance between the pick and the bind.
 *
 * <p>Not thread-safe: used by one thread while the emulator starts.
 */
final class ListeningSocket {
  private final String host;
  private final ServerSocketChannel channel;
  private boolean handedOver;

  private ListeningSocket(String host, ServerSocketChannel channel) {
    this.host = host;
    this.channel = channel;
  }

  /** Binds {@code host:port} now; port 0 picks a free one. */
  static ListeningSocket bind(String host, int port) {
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open();
      channel.socket().setReuseAddress(true);
      channel.bind(new InetSocketAddress(host, port));
      return new ListeningSocket(host, channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
  }

  int port() {
    return channel.socket().getLocalPort();
  }

  /** A Jetty connector that accepts on this socket; Jetty closes it when the server stops. */
  Connector connector(Server server, HttpConfiguration http) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port());
    try {
      connector.open(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    handedOver = true;
    return connector;
  }

  /** Closes the socket unless Jetty owns it already (a start that failed early). */
  void closeIfNotHandedOver() {
    if (!handedOver) {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(ServerSocketChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing listens on it; the start failure is what the caller reports
    }
  }
}
