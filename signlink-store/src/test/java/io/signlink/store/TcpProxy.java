package io.signlink.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A loopback TCP forwarder in front of PostgreSQL that a test can break the way networks break: it
 * forwards, refuses (the port is closed, so connecting gives "connection refused", and every open
 * connection is cut), or freezes (connections are accepted and open ones stay open, but no byte
 * goes through in either direction, as behind a dropped route or a stopped VM). {@link #restore()}
 * heals it on the same port. Real sockets, so the JDBC driver and pool see real failures. Thread-
 * safe.
 */
public final class TcpProxy implements AutoCloseable {
  /** What the link does now. */
  public enum Mode {
    FORWARD,
    REFUSE,
    FREEZE
  }

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Set<Socket> upstreams = ConcurrentHashMap.newKeySet();
  private final Object flow = new Object();
  private volatile Mode mode = Mode.FORWARD;
  private volatile boolean closed;
  private volatile boolean holdNew;
  private ServerSocket server;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = bind(0);
    this.port = server.getLocalPort();
    startAccepting(server);
  }

  /** A proxy in front of the host and port of a {@code jdbc:postgresql://host:port/…} URL. */
  public static TcpProxy inFrontOf(String jdbcUrl) throws IOException {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
  }

  /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
  public String rewrite(String jdbcUrl) {
    return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
  }

  public int port() {
    return port;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The local ports of the proxy's open connections to PostgreSQL: PostgreSQL's {@code
   * pg_stat_activity.client_port} of the sessions opened through this proxy.
   */
  public Set<Integer> upstreamPorts() {
    return upstreams.stream()
        .filter(s -> !s.isClosed())
        .map(Socket::getLocalPort)
        .collect(Collectors.toSet());
  }

  /** The database is "down": open connections are cut and new ones are refused. */
  public synchronized void refuse() {
    mode = Mode.REFUSE;
    closeQuietly(server);
    cutAll();
  }

  /** The link is "frozen": connections are accepted and kept, but nothing is forwarded. */
  public synchronized void freeze() {
    if (mode == Mode.REFUSE) {
      server = rebind();
    }
    mode = Mode.FREEZE;
  }

  /**
   * Open connections keep forwarding, new ones are accepted but held silent until {@link
   * #restore()}: a client that lost one connection cannot get another (e.g. the {@code LISTEN}
   * connection after its backend was terminated), while the others work on.
   */
  public void holdNewConnections() {
    holdNew = true;
  }

  /** Forwards again, on the same port; bytes held by a freeze flow on. */
  public synchronized void restore() {
    if (mode == Mode.REFUSE) {
      server = rebind();
    }
    mode = Mode.FORWARD;
    holdNew = false;
    synchronized (flow) {
      flow.notifyAll();
    }
  }

  /** Drops every open connection and refuses new ones for good (the historical behaviour). */
  public void cut() {
    refuse();
  }

  @Override
  public synchronized void close() {
    closed = true;
    refuse();
    synchronized (flow) {
      flow.notifyAll();
    }
  }

  private ServerSocket rebind() {
    try {
      ServerSocket s = bind(port);
      startAccepting(s);
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on port " + port + " again", e);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    return s;
  }

  private void startAccepting(ServerSocket s) {
    Thread t = new Thread(() -> accept(s), "tcp-proxy");
    t.setDaemon(true);
    t.start();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        sockets.add(client);
        // a frozen link accepts and then says nothing; connect upstream once it thaws
        Thread t = new Thread(() -> connect(client), "tcp-proxy-connect");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void connect(Socket client) {
    synchronized (flow) {
      while (holdNew && !closed && mode == Mode.FORWARD) {
        try {
          flow.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (!awaitFlow() || client.isClosed()) {
      closeQuietly(client);
      return;
    }
    try {
      Socket upstream = new Socket(targetHost, targetPort);
      sockets.add(upstream);
      upstreams.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (!awaitFlow()) {
                    break;
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // connection cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                upstreams.remove(from);
                upstreams.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Blocks while frozen; false when the proxy refuses or is closed. */
  private boolean awaitFlow() {
    synchronized (flow) {
      while (mode == Mode.FREEZE && !closed) {
        try {
          flow.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return mode == Mode.FORWARD && !closed;
  }

  private void cutAll() {
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
    upstreams.clear();
    synchronized (flow) {
      flow.notifyAll();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
