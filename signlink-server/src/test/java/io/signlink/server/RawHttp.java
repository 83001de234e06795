package io.signlink.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 over a raw socket, for requests no well-behaved client sends: URLs with malformed
 * escapes, arbitrary {@code Host} headers, and endless chunked bodies written while the answer is
 * read, as an attacker's client would (it does not wait for the server to read the body).
 */
final class RawHttp {
  /** What came back: the raw response, how long the status line took and how much was sent. */
  record Result(String response, Duration untilResponse, long bytesSent) {
    int status() {
      String[] parts = response.split(" ", 3);
      return parts.length < 2 ? -1 : Integer.parseInt(parts[1]);
    }

    String body() {
      int i = response.indexOf("\r\n\r\n");
      return i < 0 ? "" : response.substring(i + 4);
    }

    String header(String name) {
      for (String line : response.split("\r\n")) {
        if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
          return line.substring(name.length() + 1).trim();
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the blank line) with no body. */
  static Result send(int port, String head) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      long t0 = System.nanoTime();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(response, Duration.ofNanos(System.nanoTime() - t0), 0);
    }
  }

  /** POSTs a chunked body of up to {@code totalBytes} while reading the answer. */
  static Result chunkedPost(int port, String path, String extraHeaders, long totalBytes)
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nTransfer-Encoding: chunked\r\n"
                  + extraHeaders
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'a');
                byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes();
                try {
                  while (sent.get() < totalBytes) {
                    out.write(head);
                    out.write(chunk);
                    out.write('\r');
                    out.write('\n');
                    sent.addAndGet(chunk.length);
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the server stopped reading and closed: what a capped server does
                }
              },
              "chunked-upload");
      long t0 = System.nanoTime();
      writer.start();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      Duration untilResponse = null;
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (untilResponse == null) {
            untilResponse = Duration.ofNanos(System.nanoTime() - t0);
          }
          response.write(buf, 0, n);
          String text = response.toString(StandardCharsets.UTF_8);
          if (complete(text)) {
            break;
          }
        }
      } catch (SocketTimeoutException | java.net.SocketException e) {
        // a reset after the answer: keep what was read
      }
      long sentThen = sent.get();
      socket.close();
      writer.join(10_000);
      return new Result(
          response.toString(StandardCharsets.UTF_8),
          untilResponse == null ? Duration.ofNanos(System.nanoTime() - t0) : untilResponse,
          sentThen);
    }
  }

  /** Headers and a Content-Length body read in full. */
  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    for (String line : text.substring(0, end).split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        int length = Integer.parseInt(line.substring(15).trim());
        return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
      }
    }
    return false;
  }
}
