package io.signlink.server.http;

import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Caps every request body before it is buffered, whatever its transfer encoding (SECURITY.md
 * §request-limits). A declared {@code Content-Length} above the cap is refused at once; a chunked
 * (or otherwise unannounced) body is counted as Jetty hands it over, below every reader (Javalin's
 * {@code body()}, form and multipart parsing alike), and the read that passes the cap fails with a
 * 413 {@link HttpProblem}. At most the cap plus one network read is ever held.
 *
 * <p>Two halves: {@link #bodyCounting()} is a Jetty handler in front of the servlet layer that
 * gives every request an (unarmed) counter on the stream Jetty's own readers pull from, and {@link
 * #apply(Context)}, a before-handler, decides per route and arms it.
 *
 * <p>A route that streams its body under its own limit is named by {@code ownBodyCap}: the one
 * place a route opts out. Thread-safe: each request gets its own counter.
 */
public final class RequestLimits {
  private final long maxBodyBytes;
  private final Predicate<String> ownBodyCap;

  /**
   * @param maxBodyBytes the largest body accepted
   * @param ownBodyCap true for request paths whose handler enforces its own body limit
   */
  public RequestLimits(long maxBodyBytes, Predicate<String> ownBodyCap) {
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.maxBodyBytes = maxBodyBytes;
    this.ownBodyCap = Objects.requireNonNull(ownBodyCap, "ownBodyCap");
  }

  /** A before-handler: refuses an announced oversize body, counts an unannounced one. */
  public void apply(Context ctx) {
    if (ownBodyCap.test(ctx.path())) {
      return;
    }
    if (ctx.req().getContentLengthLong() > maxBodyBytes) {
      throw tooLarge(maxBodyBytes);
    }
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    CountedRequest counted = request == null ? null : Request.as(request, CountedRequest.class);
    if (counted == null) {
      // A missing counter would leave chunked bodies uncapped: refuse rather than serve without it.
      throw new IllegalStateException(
          "RequestLimits.bodyCounting() is not installed in front of the servlet context");
    }
    counted.arm(maxBodyBytes);
  }

  /**
   * The Jetty handler that puts a counter under every reader; install it in front of Javalin's
   * servlet context ({@code server.insertHandler(…)}); {@link #apply(Context)} fails every request
   * that did not pass through it.
   */
  public static Handler.Wrapper bodyCounting() {
    return new Handler.Wrapper() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        return super.handle(new CountedRequest(request), response, callback);
      }
    };
  }

  /** The 413 every route answers for an oversize body. */
  public static HttpProblem tooLarge(long maxBodyBytes) {
    return new HttpProblem(
        413,
        "request_too_large",
        "The request body is larger than SignLink accepts ("
            + (maxBodyBytes % (1024 * 1024) == 0
                ? maxBodyBytes / (1024 * 1024) + " MiB"
                : maxBodyBytes + " bytes")
            + "); send a smaller body.");
  }

  /**
   * Counts the body bytes Jetty hands over once armed; the read that passes the cap ends the body
   * with a failure that every reader rethrows as the 413 {@link HttpProblem}. One per request, read
   * by one thread at a time (Jetty serialises reads of a request's content).
   */
  private static final class CountedRequest extends Request.Wrapper {
    private volatile long max = -1;
    private long seen;
    private Content.Chunk refused;

    CountedRequest(Request wrapped) {
      super(wrapped);
    }

    void arm(long maxBodyBytes) {
      this.max = maxBodyBytes;
    }

    @Override
    public Content.Chunk read() {
      if (refused != null) {
        return refused;
      }
      Content.Chunk chunk = super.read();
      long cap = max;
      if (cap < 0 || chunk == null || Content.Chunk.isFailure(chunk)) {
        return chunk;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      seen += bytes == null ? 0 : bytes.remaining();
      if (seen <= cap) {
        return chunk;
      }
      chunk.release();
      refused = Content.Chunk.from(tooLarge(cap), true);
      return refused;
    }
  }
}
