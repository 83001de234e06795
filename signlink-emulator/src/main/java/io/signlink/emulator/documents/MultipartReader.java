package io.signlink.emulator.documents;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} (or DocuSign's {@code multipart/mixed}) body part by part as
 * it arrives, handing each part's bytes to the caller as a stream, so a part of any size passes
 * without being held. Parts may carry any {@code Content-Disposition} ({@code form-data} or
 * DocuSign's {@code file; filename=…; documentid=…}). Stateless; each call is confined to its
 * thread.
 */
public final class MultipartReader {
  /** Receives one part; {@code body} must be read (or left) before returning. */
  @FunctionalInterface
  public interface PartHandler {
    void part(Map<String, String> headers, InputStream body) throws IOException;
  }

  /** The body is not multipart, or it broke off. */
  public static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern PARAM =
      Pattern.compile("(?i);\\s*([a-z0-9_-]+)\\s*=\\s*(?:\"([^\"]*)\"|([^;]*))");

  private MultipartReader() {}

  /** The boundary named in a {@code Content-Type}, or {@code null}. */
  public static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return null;
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
  }

  /** A parameter of a header value such as {@code Content-Disposition}, or {@code null}. */
  public static String param(String headerValue, String name) {
    if (headerValue == null) {
      return null;
    }
    Matcher m = PARAM.matcher(headerValue);
    while (m.find()) {
      if (m.group(1).equalsIgnoreCase(name)) {
        return m.group(2) != null ? m.group(2) : m.group(3).trim();
      }
    }
    return null;
  }

  public static void read(InputStream body, String boundary, PartHandler handler)
      throws IOException {
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first boundary has no CRLF before it; a virtual one makes every delimiter alike.
    InputStream in =
        new BufferedInputStream(
            new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body),
            64 * 1024);
    new PartStream(in, delimiter).transferTo(OutputStreamSink.INSTANCE); // the preamble
    while (true) {
      int a = in.read();
      int b = in.read();
      if (a == '-' && b == '-') {
        return;
      }
      if (a != '\r' || b != '\n') {
        throw new Malformed("multipart boundary not followed by CRLF or --");
      }
      Map<String, String> headers = headers(in);
      PartStream part = new PartStream(in, delimiter);
      handler.part(headers, part);
      part.transferTo(OutputStreamSink.INSTANCE);
    }
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new Malformed("multipart part headers broke off");
      }
      if (++total > 16 * 1024) {
        throw new Malformed("multipart part headers over 16 KiB");
      }
      if (c != '\n') {
        line.write(c);
        continue;
      }
      String s = line.toString(StandardCharsets.UTF_8).stripTrailing();
      line.reset();
      if (s.isEmpty()) {
        return headers;
      }
      int colon = s.indexOf(':');
      if (colon > 0) {
        headers.put(
            s.substring(0, colon).trim().toLowerCase(Locale.ROOT), s.substring(colon + 1).trim());
      }
    }
  }

  /** Discards what is written to it. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  /** One part's bytes: everything up to the next delimiter (KMP match, no look-back buffer). */
  private static final class PartStream extends InputStream {
    private final InputStream in;
    private final byte[] delimiter;
    private final int[] fail;
    private final byte[] pending;
    private int pendingStart;
    private int pendingEnd;
    private int matched;
    private boolean done;

    PartStream(InputStream in, byte[] delimiter) {
      this.in = in;
      this.delimiter = delimiter;
      this.fail = failure(delimiter);
      this.pending = new byte[delimiter.length + 1];
    }

    @Override
    public int read() throws IOException {
      while (pendingStart == pendingEnd) {
        if (done) {
          return -1;
        }
        step();
      }
      return pending[pendingStart++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        if (pendingStart == pendingEnd) {
          if (done || (n > 0 && in.available() == 0)) {
            break;
          }
          step();
          continue;
        }
        b[off + n++] = pending[pendingStart++];
      }
      return n == 0 && done ? -1 : n;
    }

    private void step() throws IOException {
      pendingStart = 0;
      pendingEnd = 0;
      int c = in.read();
      if (c < 0) {
        throw new EOFException("multipart body ended before its closing boundary");
      }
      while (matched > 0 && c != (delimiter[matched] & 0xff)) {
        int keep = fail[matched - 1];
        int emit = matched - keep;
        System.arraycopy(delimiter, 0, pending, pendingEnd, emit);
        pendingEnd += emit;
        matched = keep;
      }
      if (c == (delimiter[matched] & 0xff)) {
        matched++;
        if (matched == delimiter.length) {
          done = true;
        }
      } else {
        pending[pendingEnd++] = (byte) c;
      }
    }

    private static int[] failure(byte[] p) {
      int[] f = new int[p.length];
      int k = 0;
      for (int i = 1; i < p.length; i++) {
        while (k > 0 && p[i] != p[k]) {
          k = f[k - 1];
        }
        if (p[i] == p[k]) {
          k++;
        }
        f[i] = k;
      }
      return f;
    }
  }
}
