package io.signlink.server.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.EofSensorWatcher;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The proxy's HTTP client to providers: Apache HttpClient 5's pooling connection manager and
 * HttpCore's request executor, driven directly (blocking, on the calling request thread, over
 * kept-alive connections). The connection manager does what the full client did on the wire:
 * connect timeout, TLS with host name verification (the library's default TLS strategy), socket
 * timeout, time-to-live, stale-connection checks; this class only leases a connection, writes the
 * request, and gives the connection back when the answer's body has been read (or drops it when the
 * body was abandoned or broke off).
 *
 * <p>Why not the library's {@code CloseableHttpClient}: its execution chain (route planning,
 * redirect, retry, protocol and connect stages, and a URI parse per call for an authentication
 * scope that is never used) took 25.8% of the CPU samples of a small proxied call under {@code wrk}
 * in a JFR profile (SignLink and the emulator in one JVM); driven directly the client's share is
 * 13.2%. Jetty's own reverse proxy on its asynchronous {@code HttpClient}, forwarding and nothing
 * else, did no better than SignLink's whole proxy on it; the JDK {@code HttpClient} cost about 570
 * µs per small call against 140 µs for the Apache client on this project's loopback bench (its
 * asynchronous hand-offs between the caller, its selector thread and its executor dominate under
 * load); {@code HttpURLConnection} was as fast but cannot send PATCH and silently retries failed
 * POSTs. Figures: docs/DOCUMENTS.md, "Speed".
 *
 * <p>Nothing is added to a call: no redirects, no retries, no decompression, no cookies, no
 * authentication caching. A request goes out once, as the caller sent it, and the answer comes back
 * byte for byte (SECURITY.md §transport, §proxy-bodies). Thread-safe; one per server.
 */
public final class ProviderClient implements Closeable {
  static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
  static final int BUFFER_BYTES = 64 * 1024;

  /** Longest silence while waiting for or reading a provider's answer. */
  static final Timeout READ_TIMEOUT = Timeout.ofSeconds(60);

  /** Longest wait for a free pooled connection when all are busy (the library's default). */
  static final Timeout LEASE_TIMEOUT = Timeout.ofMinutes(3);

  /** How long a streamed body waits for the provider's {@code 100 Continue} before it goes. */
  static final Timeout WAIT_FOR_CONTINUE = Timeout.ofSeconds(3);

  private final PoolingHttpClientConnectionManager connections;
  private final HttpRequestExecutor executor;
  private final HttpProcessor processor;
  private final AtomicLong exchanges = new AtomicLong();

  public ProviderClient() {
    this.connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setConnectionFactory(
                ManagedHttpClientConnectionFactory.builder()
                    // 64 KiB socket buffers and chunks: documents move in few large writes
                    .http1Config(
                        Http1Config.custom()
                            .setBufferSize(BUFFER_BYTES)
                            .setChunkSizeHint(BUFFER_BYTES)
                            .build())
                    .build())
            // Lax: no pool-wide lock per lease and release (the limits are kept loosely).
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
            .setMaxConnTotal(512)
            .setMaxConnPerRoute(256)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(CONNECT_TIMEOUT)
                    .setSocketTimeout(READ_TIMEOUT)
                    .setTimeToLive(5, TimeUnit.MINUTES)
                    .build())
            .build();
    this.executor =
        new HttpRequestExecutor(
            Http1Config.custom().setWaitForContinueTimeout(WAIT_FOR_CONTINUE).build(),
            DefaultConnectionReuseStrategy.INSTANCE,
            null);
    // Framing (Content-Length or chunked, from the entity), Host, User-Agent: nothing else.
    this.processor =
        HttpProcessorBuilder.create()
            .addAll(new RequestContent(), new RequestTargetHost(), new RequestUserAgent("SignLink"))
            .build();
  }

  /**
   * Sends the request; the caller must close the answer (read to its end, its connection goes back
   * to the pool; closed early or broken off, the connection is closed). Streamed bodies go with
   * {@code Expect: 100-continue}, so a provider can refuse the token before the body moves (a
   * provider that answers neither gets the body after {@link #WAIT_FOR_CONTINUE}).
   *
   * <p>Public for the bench's relay anchor, which forwards on this client to price SignLink's own
   * work apart from the client's.
   */
  public ClassicHttpResponse open(ClassicHttpRequest request, boolean streamedBody)
      throws IOException {
    if (streamedBody && request.getEntity() != null) {
      request.setHeader("Expect", "100-continue");
    }
    HttpHost target = target(request);
    HttpRoute route = new HttpRoute(target, null, "https".equals(target.getSchemeName()));
    String id = "proxy-" + exchanges.incrementAndGet();
    ConnectionEndpoint endpoint;
    try {
      endpoint = connections.lease(id, route, LEASE_TIMEOUT, null).get(LEASE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for a provider connection");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no provider connection available: " + e.getClass().getSimpleName(), e);
    }
    Exchange exchange = new Exchange(endpoint);
    try {
      HttpClientContext context = HttpClientContext.create();
      if (!endpoint.isConnected()) {
        connections.connect(endpoint, CONNECT_TIMEOUT, context);
      }
      executor.preProcess(request, processor, context);
      ClassicHttpResponse response = endpoint.execute(id, request, executor::execute, context);
      executor.postProcess(response, processor, context);
      exchange.reusable =
          DefaultConnectionReuseStrategy.INSTANCE.keepAlive(request, response, context);
      exchange.keepAlive =
          DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        exchange.release();
      } else {
        response.setEntity(new Released(entity, exchange));
      }
      return response;
    } catch (HttpException e) {
      exchange.discard();
      throw new ClientProtocolException(e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      exchange.discard();
      throw e;
    }
  }

  private static HttpHost target(ClassicHttpRequest request) {
    String scheme = request.getScheme();
    int port = request.getAuthority().getPort();
    if (port < 0) {
      port = "https".equals(scheme) ? 443 : 80;
    }
    return new HttpHost(scheme, request.getAuthority().getHostName(), port);
  }

  /** One leased connection, given back exactly once. */
  private final class Exchange {
    private final ConnectionEndpoint endpoint;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile boolean reusable;
    volatile TimeValue keepAlive;

    Exchange(ConnectionEndpoint endpoint) {
      this.endpoint = endpoint;
    }

    /** The answer was read to its end: the connection may serve another call. */
    void release() {
      if (!reusable) {
        discard();
      } else if (done.compareAndSet(false, true)) {
        connections.release(endpoint, null, keepAlive);
      }
    }

    /** The exchange did not end cleanly: the connection is closed, never reused. */
    void discard() {
      if (done.compareAndSet(false, true)) {
        endpoint.close(CloseMode.IMMEDIATE);
        connections.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
      }
    }
  }

  /**
   * The answer's body: reading it to its end gives the connection back; closing it earlier (the
   * caller went away, the answer was refused or replaced by a retry) or a read that fails closes
   * the connection instead of reading the rest of a possibly large body nobody wants.
   */
  private static final class Released extends HttpEntityWrapper {
    private final Exchange exchange;
    private InputStream content;

    Released(HttpEntity entity, Exchange exchange) {
      super(entity);
      this.exchange = exchange;
    }

    @Override
    public synchronized InputStream getContent() throws IOException {
      if (content == null) {
        content =
            new EofSensorInputStream(
                super.getContent(),
                new EofSensorWatcher() {
                  @Override
                  public boolean eofDetected(InputStream wrapped) throws IOException {
                    wrapped.close();
                    exchange.release();
                    return false;
                  }

                  @Override
                  public boolean streamClosed(InputStream wrapped) {
                    exchange.discard();
                    return false;
                  }

                  @Override
                  public boolean streamAbort(InputStream wrapped) {
                    exchange.discard();
                    return false;
                  }
                });
      }
      return content;
    }

    @Override
    public void close() {
      exchange.discard();
    }
  }

  @Override
  public void close() throws IOException {
    connections.close();
  }
}
