package io.signlink.cli.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends hand-written HTTP/1.1 requests over a plain socket, so tests control every header
 * (including {@code Host}, which the JDK client does not let callers set).
 */
public final class RawHttp {
  private RawHttp() {}

  /** A parsed response: status, headers (lower-case names) and body. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  public static Response get(int port, String target) throws IOException {
    return send(port, "GET", target, "127.0.0.1:" + port, Map.of());
  }

  public static Response send(
      int port, String method, String target, String host, Map<String, String> extraHeaders)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2_000);
      socket.setSoTimeout(10_000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      if (host != null) {
        req.append("Host: ").append(host).append("\r\n");
      }
      extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return parse(socket.getInputStream());
    }
  }

  /** True when nothing accepts connections on {@code 127.0.0.1:port} any more. */
  public static boolean isClosed(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2_000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  private static Response parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new Response(status, headers, body);
  }
}
