package io.signlink.server.api;

import io.signlink.runtime.config.ProxySettings;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.http.SecurityHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a provider's answer to the proxy's caller through one reused buffer, straight onto the
 * caller's response (no copy of the whole body, no compression that would change its bytes); an
 * answer of known length under 64 KiB is read whole and sent in one write. When the provider's
 * stream breaks off or grows past the cap, the caller's connection is aborted so the caller sees a
 * truncated transfer, never a clean end to a short file (SECURITY.md §proxy-bodies). Stateless.
 */
final class ResponseRelay {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseRelay.class);
  private static final int BUFFER_BYTES = 64 * 1024;

  private ResponseRelay() {}

  static void relay(
      ProxyExchange ctx, ClassicHttpResponse response, long cap, AllowedHeaders headers)
      throws IOException {
    HttpEntity entity = response.getEntity();
    try (InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent()) {
      long declared = entity == null ? 0 : entity.getContentLength();
      if (declared > cap) {
        throw new HttpProblem(
            502,
            "provider_answer_too_large",
            "The provider's answer is "
                + declared
                + " bytes, over the proxy's limit of "
                + ProxySettings.describe(cap)
                + " (SIGNLINK_PROXY_MAX_BODY); raise the limit or ask for a part with a Range"
                + " header.");
      }
      // A small answer is read before anything is answered: if it breaks off, the caller gets a
      // clean 502 instead of a cut connection.
      byte[] whole =
          declared >= 0 && declared < BUFFER_BYTES ? readWhole(in, (int) declared) : null;
      ctx.status(response.getCode());
      AllowedHeaders.FirstOnly first = new AllowedHeaders.FirstOnly(headers);
      for (Iterator<Header> it = response.headerIterator(); it.hasNext(); ) {
        Header h = it.next();
        String name = first.offer(h.getName());
        if (name != null) {
          ctx.setHeader(name, h.getValue());
        }
      }
      SecurityHeaders.noStore(ctx::setHeader);
      // 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
      if (entity != null && declared >= 0 && response.getCode() != 204) {
        ctx.contentLength(declared);
      }
      if (whole != null) {
        try {
          ctx.sendWhole(whole);
        } catch (IOException e) {
          // The caller went away.
        }
      } else {
        copy(ctx, in, ctx.output(), cap);
      }
    }
  }

  /**
   * A small answer of known length, read to its end (which gives the provider connection back)
   * before anything is answered: most proxied calls are small JSON answers, sent in one write
   * instead of a write and then an end.
   *
   * @throws HttpProblem 502 when the answer broke off, so the caller gets an error rather than a
   *     connection closed before any answer
   */
  private static byte[] readWhole(InputStream in, int length) {
    byte[] body = new byte[length];
    int n = 0;
    try {
      for (int r; n < length && (r = in.read(body, n, length - n)) >= 0; ) {
        n += r;
      }
      // Reading its end gives the provider connection back to the pool.
      if (n == length && in.read() < 0) {
        return body;
      }
    } catch (IOException e) {
      LOG.warn(
          "proxy answer cut: the provider's answer broke off after {} of {} bytes ({})",
          n,
          length,
          e.getClass().getSimpleName());
    }
    throw new HttpProblem(
        502,
        "provider_answer_cut",
        "The provider's answer broke off after "
            + n
            + " of its "
            + length
            + " bytes; nothing of it was passed on. Send the request again.");
  }

  private static void copy(ProxyExchange ctx, InputStream in, OutputStream out, long cap) {
    byte[] buffer = new byte[BUFFER_BYTES];
    long total = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        abort(ctx, "the provider's answer broke off after " + total + " bytes", e);
        return;
      }
      if (n < 0) {
        return;
      }
      total += n;
      if (total > cap) {
        abort(ctx, "the provider's answer grew past " + cap + " bytes", null);
        return;
      }
      try {
        out.write(buffer, 0, n);
      } catch (IOException e) {
        // The caller went away; closing the provider stream (by the caller) drops that connection.
        return;
      }
    }
  }

  /** Ends the caller's exchange without a proper end of body, so the cut is visible. */
  private static void abort(ProxyExchange ctx, String why, IOException cause) {
    LOG.warn(
        "proxy answer cut: {} ({}); aborting the caller's connection",
        why,
        cause == null ? "limit" : cause.getClass().getSimpleName());
    // Closing the connection (not failing the exchange) is what keeps the cut visible: a failed
    // exchange that is not yet committed would be answered with an error page instead.
    ctx.abort(cause == null ? new IOException(why) : cause);
  }
}
