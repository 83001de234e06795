package io.signlink.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 keep-alive caller over one socket, for load where the JDK client's own cost
 * would hide the server's: it writes a prepared request and reads the status line, the headers and
 * the body (Content-Length or chunked). Only for the benchmark's loopback server. Not thread-safe:
 * one per caller thread.
 */
final class RawHttpCaller implements AutoCloseable {
  private final URI uri;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttpCaller(URI uri, String method, String authorization) {
    this.uri = uri;
    StringBuilder r =
        new StringBuilder()
            .append(method)
            .append(' ')
            .append(uri.getRawPath())
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(uri.getHost())
            .append(':')
            .append(uri.getPort())
            .append("\r\n");
    if (authorization != null) {
      r.append("Authorization: ").append(authorization).append("\r\n");
    }
    if (method.equals("POST")) {
      r.append("Content-Length: 0\r\n");
    }
    this.request = r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends the request once and returns the status code after reading the whole response. After an
   * I/O error the socket is dropped and the next call connects again.
   */
  int call() throws IOException {
    try {
      return exchange();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private int exchange() throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = socket.getOutputStream();
    }
    out.write(request);
    out.flush();
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (chunked) {
      for (long n = Long.parseLong(line().split(";")[0].trim(), 16);
          n > 0;
          n = Long.parseLong(line().split(";")[0].trim(), 16)) {
        skip(n);
        line();
      }
      line();
    } else if (length > 0) {
      skip(length);
    }
    if (close) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed mid-body");
        }
        s = 1;
      }
      n -= s;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a loopback socket we own; nothing to report
      }
      socket = null;
    }
  }
}
