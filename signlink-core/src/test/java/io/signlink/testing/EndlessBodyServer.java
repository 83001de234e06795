package io.signlink.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw-socket HTTP/1.1 server that answers every connection with {@code 200} and a chunked body of
 * up to {@code limitBytes}, written as fast as the client reads, so a test can prove a client stops
 * reading at its cap: {@link #bytesWritten()} shows how far the server got before the client hung
 * up. Serves one connection at a time on 127.0.0.1. Thread-safe.
 */
public final class EndlessBodyServer implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  private final ServerSocket socket;
  private final long limitBytes;
  private final AtomicLong written = new AtomicLong();
  private final Thread acceptor;

  public EndlessBodyServer(long limitBytes) throws IOException {
    this.limitBytes = limitBytes;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::serve, "endless-body-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /** Body bytes written to the socket so far, over all connections. */
  public long bytesWritten() {
    return written.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        drainHeaders(s);
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[CHUNK];
        java.util.Arrays.fill(data, (byte) 'a');
        byte[] head = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        while (sent < limitBytes) {
          out.write(head);
          out.write(data);
          out.write('\r');
          out.write('\n');
          sent += CHUNK;
          written.addAndGet(CHUNK);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // the client hung up: expected
      }
    }
  }

  private static void drainHeaders(Socket s) throws IOException {
    var in = s.getInputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
