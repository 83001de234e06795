package io.signlink.server.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * The body a caller sends through the proxy, read as the provider asks for it. Bodies up to {@link
 * #REPLAYABLE_BYTES} are read whole first, so a call refused with a 401 can be sent again with a
 * refreshed token; larger ones stream from the caller's connection to the provider without being
 * held (SECURITY.md §retry-on-401, §proxy-bodies). Every byte read counts against the cap; past it
 * the read fails with {@link TooLarge}, which aborts the provider request.
 *
 * <p>Not thread-safe: one instance belongs to one proxied request (the HTTP client reads it on its
 * own thread, one attempt at a time).
 */
final class CallerBody {
  /** Bodies up to this size are held so that a retry after a 401 can resend them. */
  static final int REPLAYABLE_BYTES = 256 * 1024;

  /** The caller sent more than the cap allows; the request must be refused with 413. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long cap) {
      super("request body over " + cap + " bytes");
    }
  }

  private static final byte[] NONE = new byte[0];

  private final byte[] head;
  private final InputStream rest;
  private final long declared;
  private final long cap;
  private final AtomicLong restRead = new AtomicLong();
  private volatile boolean tooLarge;

  private CallerBody(byte[] head, InputStream rest, long declared, long cap) {
    this.head = head;
    this.rest = rest;
    this.declared = declared;
    this.cap = cap;
  }

  /**
   * Reads what must be read up front: nothing for a declared-empty body, the whole body when it is
   * small, else the first {@link #REPLAYABLE_BYTES} of a body of unknown length (to learn whether
   * it is small).
   *
   * @param declared the caller's {@code Content-Length}, or -1 when it sent none (chunked)
   * @param hasBody false when the caller declared no body at all (no length, no transfer coding)
   * @throws TooLarge when the declared length or the bytes read exceed {@code cap}
   */
  static CallerBody read(InputStream in, long declared, boolean hasBody, long cap)
      throws IOException {
    if (declared > cap) {
      throw new TooLarge(cap);
    }
    if (!hasBody || declared == 0) {
      return new CallerBody(NONE, null, 0, cap);
    }
    if (declared > 0 && declared <= REPLAYABLE_BYTES) {
      byte[] all = in.readNBytes((int) declared);
      return new CallerBody(all, null, all.length, cap);
    }
    if (declared > 0) {
      return new CallerBody(NONE, in, declared, cap);
    }
    byte[] head = in.readNBytes(REPLAYABLE_BYTES + 1);
    if (head.length <= REPLAYABLE_BYTES) {
      return new CallerBody(head, null, head.length, cap);
    }
    if (head.length > cap) {
      throw new TooLarge(cap);
    }
    return new CallerBody(head, in, -1, cap);
  }

  /** True when the whole body is held, so it can be sent any number of times. */
  boolean held() {
    return rest == null;
  }

  /**
   * True when the body can be sent (again): it is held, or no byte of the streamed part has been
   * read yet (the provider refused before asking for it, e.g. after {@code Expect: 100-continue}).
   */
  boolean resendable() {
    return held() || restRead.get() == 0;
  }

  /** True once the caller's bytes exceeded the cap. */
  boolean tooLarge() {
    return tooLarge;
  }

  long cap() {
    return cap;
  }

  /**
   * The entity for one attempt, or {@code null} when there is no body; {@link #resendable()} says
   * whether another attempt may follow.
   */
  HttpEntity entity() {
    if (held()) {
      return head.length == 0 ? null : new ByteArrayEntity(head, null);
    }
    // A known length travels on as Content-Length; otherwise the request is sent chunked.
    return new StreamEntity(
        new SequenceInputStream(new ByteArrayInputStream(head), new Counted()),
        declared > 0 ? declared : -1);
  }

  /**
   * A one-shot streamed entity copied in 64 KiB steps (the library's own copies 4 KiB at a time).
   */
  private static final class StreamEntity extends AbstractHttpEntity {
    private final InputStream in;
    private final long length;

    StreamEntity(InputStream in, long length) {
      super((String) null, null, length < 0);
      this.in = in;
      this.length = length;
    }

    @Override
    public long getContentLength() {
      return length;
    }

    @Override
    public InputStream getContent() {
      return in;
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    public boolean isStreaming() {
      return true;
    }

    @Override
    public void writeTo(java.io.OutputStream out) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** The caller's stream after the head, counted against the cap. */
  private final class Counted extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = rest.read(b, off, len);
      if (n > 0) {
        long total = head.length + restRead.addAndGet(n);
        if (total > cap || (declared > 0 && total > declared)) {
          tooLarge = total > cap;
          throw tooLarge ? new TooLarge(cap) : new IOException("body longer than declared");
        }
      }
      return n;
    }
  }
}
