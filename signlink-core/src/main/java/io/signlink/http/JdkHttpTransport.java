package io.signlink.http;

import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link HttpTransport}: one shared JDK {@link HttpClient} with a connect timeout, a
 * whole-exchange deadline (headers <em>and</em> body), redirects never followed (SECURITY.md
 * §transport), and bodies read through a byte cap that aborts without buffering the rest
 * (SECURITY.md §token-response). Network failures become {@link TransientException}; {@code
 * outcomeUnknown} is false only when the connection could not be established, so the request cannot
 * have reached the server (SECURITY.md §token-requests, §lost-refresh).
 *
 * <p>Log lines and messages name the method, scheme, host, port and path only: never the query
 * string, headers or bodies, which may carry codes and tokens (SECURITY.md §client-auth,
 * §redaction).
 *
 * <p>Thread-safe; share one instance per process.
 */
public final class JdkHttpTransport implements HttpTransport {
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(JdkHttpTransport.class);

  private final HttpClient client;
  private final Duration requestTimeout;

  /** A transport with the default timeouts (5 s connect, 15 s per request). */
  public JdkHttpTransport() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * @param connectTimeout how long establishing a connection may take
   * @param requestTimeout the whole-exchange deadline for requests that set none themselves
   */
  public JdkHttpTransport(Duration connectTimeout, Duration requestTimeout) {
    requirePositive(connectTimeout, "connectTimeout");
    this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            // Never re-send a request carrying a code, secret or refresh token elsewhere
            // (SECURITY.md §transport).
            .followRedirects(HttpClient.Redirect.NEVER)
            // HTTP/1.1 avoids the h2c upgrade dance on loopback test servers; TLS providers serve
            // HTTP/1.1 as well, and a token call is one request per connection use anyway.
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public HttpResult send(HttpRequest request, long maxResponseBytes) {
    Objects.requireNonNull(request, "request");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    Duration timeout = request.timeout().orElse(requestTimeout);
    HttpRequest effective =
        request.timeout().isPresent()
            ? request
            : HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
    String target = describe(effective);
    long started = System.nanoTime();
    AtomicReference<CappedBodySubscriber> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(effective, info -> subscriber(info, maxResponseBytes, body));
    try {
      HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      HttpResult result =
          new HttpResult(response.statusCode(), response.headers(), response.body());
      if (log.isDebugEnabled()) {
        log.debug(
            "{} -> {} ({} bytes, {} ms)",
            target,
            result.status(),
            result.body().length,
            (System.nanoTime() - started) / 1_000_000);
      }
      return result;
    } catch (TimeoutException e) {
      abort(future, body, e);
      throw new TransientException(
          TransientException.Kind.TIMEOUT,
          target + " did not answer within " + seconds(timeout) + "; retry later",
          null,
          true,
          null);
    } catch (InterruptedException e) {
      abort(future, body, e);
      Thread.currentThread().interrupt();
      throw new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          target + " was interrupted before the answer arrived",
          null,
          true,
          null);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), target, timeout, maxResponseBytes);
    }
  }

  private static CappedBodySubscriber subscriber(
      HttpResponse.ResponseInfo info, long cap, AtomicReference<CappedBodySubscriber> holder) {
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
    if (declared > cap) {
      // Refuse before reading a byte when the server announces too much; the client then closes
      // the connection instead of draining it.
      throw new java.io.UncheckedIOException(new CappedBodySubscriber.OversizedBodyException(cap));
    }
    CappedBodySubscriber s = new CappedBodySubscriber(cap);
    holder.set(s);
    return s;
  }

  private static void abort(
      CompletableFuture<?> future, AtomicReference<CappedBodySubscriber> body, Throwable reason) {
    CappedBodySubscriber s = body.get();
    if (s != null) {
      s.abort(reason);
    }
    future.cancel(true);
  }

  private static RuntimeException translate(
      Throwable failure, String target, Duration timeout, long cap) {
    if (has(failure, CappedBodySubscriber.OversizedBodyException.class)) {
      return new InvalidResponseException(
          InvalidResponseException.Kind.OVERSIZED,
          target
              + " sent a body larger than "
              + cap
              + " bytes; reading stopped there."
              + " Check that the URL points at the provider's endpoint");
    }
    if (has(failure, HttpConnectTimeoutException.class)) {
      return new TransientException(
          TransientException.Kind.TIMEOUT,
          target + ": connecting took too long; check the network and retry later",
          null,
          false,
          null);
    }
    if (has(failure, HttpTimeoutException.class)) {
      return new TransientException(
          TransientException.Kind.TIMEOUT,
          target + " did not answer within " + seconds(timeout) + "; retry later",
          null,
          true,
          null);
    }
    if (has(failure, ConnectException.class)) {
      return new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          target + " refused or could not be reached; check the URL and network, then retry",
          null,
          false,
          null);
    }
    if (has(failure, SSLHandshakeException.class)) {
      // TLS fails before the request is written; never fall back to anything weaker (SECURITY.md
      // §transport).
      return new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          target
              + ": the TLS handshake failed; check the provider's certificate and the JVM"
              + " trust store",
          null,
          false,
          null);
    }
    if (failure instanceof IOException) {
      return new TransientException(
          TransientException.Kind.CONNECTION_FAILED,
          target
              + ": the connection broke before a complete answer arrived ("
              + failure.getClass().getSimpleName()
              + "); the request may have been processed",
          null,
          true,
          null);
    }
    return new TransientException(
        TransientException.Kind.CONNECTION_FAILED,
        target + " failed unexpectedly (" + failure.getClass().getSimpleName() + ")",
        null,
        true,
        null);
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Method and URL without user info, query or fragment (SECURITY.md §client-auth, §redaction). */
  static String describe(HttpRequest request) {
    URI uri = request.uri();
    StringBuilder sb = new StringBuilder(request.method()).append(' ');
    sb.append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() != -1) {
      sb.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    sb.append(path == null || path.isEmpty() ? "/" : path);
    return sb.toString();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static Duration requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }
}
