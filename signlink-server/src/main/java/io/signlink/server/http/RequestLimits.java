package io.signlink.server.http;

import io.javalin.http.Context;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.server.HttpInput;
import org.eclipse.jetty.server.Request;

/**
 * Caps every request body before it is buffered, whatever its transfer encoding (SECURITY.md
 * §request-limits). A declared {@code Content-Length} above the cap is refused at once; a chunked
 * (or otherwise unannounced) body is counted as Jetty hands it over, below every reader (Javalin's
 * {@code body()}, form and multipart parsing alike), and the read that passes the cap fails with a
 * 413 {@link HttpProblem}. At most the cap plus one network read is ever held.
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
    Request base = Request.getBaseRequest(ctx.req());
    if (base != null) {
      base.getHttpInput().addInterceptor(new Counter(maxBodyBytes));
    }
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

  /** Counts the bytes Jetty parsed off the wire; one per request, used by one reader thread. */
  private static final class Counter implements HttpInput.Interceptor {
    private final long max;
    private long seen;

    Counter(long max) {
      this.max = max;
    }

    @Override
    public HttpInput.Content readFrom(HttpInput.Content content) {
      if (content != null && content.hasContent()) {
        seen += content.remaining();
        if (seen > max) {
          throw tooLarge(max);
        }
      }
      return content;
    }
  }
}
