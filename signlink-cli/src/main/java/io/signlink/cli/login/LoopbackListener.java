package io.signlink.cli.login;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signlink.oauth.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one-shot HTTP listener a terminal login receives its authorization response on (RFC 8252
 * §7.3). It binds the loopback IP literal {@code 127.0.0.1} on a port the OS picks (SECURITY.md
 * §cli-loopback, SECURITY.md §cli-loopback), exists only for one login and is closed afterwards
 * (SECURITY.md §cli-loopback), and is strict (SECURITY.md §cli-loopback): only a {@code GET} on the
 * exact callback path, with {@code Host: 127.0.0.1:{port}}, no {@code Origin}, and the pending
 * {@code state} is handed on; a wrong state is answered 400 and the listener keeps waiting;
 * everything else is a 4xx with no side effect.
 *
 * <p>The accepted request's browser is kept waiting until {@link #finish(boolean)} says how the
 * login ended, so the page it sees is the real outcome; both pages are static. Thread-safe: the
 * HTTP handler runs on the listener's own threads, {@link #await}, {@link #finish} and {@link
 * #close} may be called from any thread, and {@link #close} is idempotent (a shutdown hook may race
 * the main thread).
 */
public final class LoopbackListener implements AutoCloseable {
  /** The path of the redirect URI; fixed so the URI sent and the path accepted are one value. */
  public static final String CALLBACK_PATH = "/callback";

  private static final Duration BROWSER_ANSWER_WAIT = Duration.ofSeconds(60);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicReference<Secret> expectedState = new AtomicReference<>();
  private final URI redirectUri;
  private final String expectedHost;
  private final AtomicBoolean accepted = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CompletableFuture<LoopbackCallback> callback = new CompletableFuture<>();
  private final CompletableFuture<Boolean> outcome = new CompletableFuture<>();
  private final CompletableFuture<Void> answered = new CompletableFuture<>();

  private LoopbackListener(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    int port = server.getAddress().getPort();
    this.expectedHost = "127.0.0.1:" + port;
    this.redirectUri = URI.create("http://" + expectedHost + CALLBACK_PATH);
  }

  /**
   * Binds {@code 127.0.0.1:0} and starts answering. Until {@link #expectState} is called every
   * callback is refused, since none can match.
   */
  public static LoopbackListener open() {
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 8);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "signlink-loopback");
                t.setDaemon(true);
                return t;
              });
      LoopbackListener listener = new LoopbackListener(server, executor);
      server.createContext("/", listener::handle);
      server.setExecutor(executor);
      server.start();
      return listener;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open a port on 127.0.0.1 for the login", e);
    }
  }

  /**
   * Sets the {@code state} of the authorization request this listener waits for. Separate from
   * {@link #open()} because the request (and its state) can only be built once the port, and so the
   * redirect URI, is known.
   */
  public void expectState(Secret state) {
    expectedState.set(Objects.requireNonNull(state, "state"));
  }

  /** {@code http://127.0.0.1:{port}/callback}, the redirect URI for this login. */
  public URI redirectUri() {
    return redirectUri;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * Waits for the callback carrying the pending state.
   *
   * @return the callback, or empty after {@code timeout} or when the listener was closed (Ctrl-C)
   */
  public Optional<LoopbackCallback> await(Duration timeout) throws InterruptedException {
    try {
      return Optional.ofNullable(callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    }
  }

  /** Tells the waiting browser how the login ended; it then sees the success or failure page. */
  public void finish(boolean success) {
    outcome.complete(success);
  }

  /** Whether {@link #close()} ran (Ctrl-C, timeout or the end of the login). */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops listening and frees the port; a browser still waiting gets the failure page. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    callback.complete(null);
    outcome.complete(false);
    if (accepted.get()) {
      // Let the browser that brought the code see its page before the port goes away.
      try {
        answered.get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Give up on the page; the terminal has the outcome.
      }
    }
    // On JDK 17 stop(n) always waits n seconds, so wait above for the one response that matters.
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      LoopbackRequestCheck.Verdict verdict =
          LoopbackRequestCheck.check(
              exchange.getRequestMethod(),
              exchange.getRequestURI(),
              exchange.getRequestHeaders().getFirst("Host"),
              exchange.getRequestHeaders().getFirst("Origin"),
              expectedHost,
              CALLBACK_PATH);
      if (verdict != LoopbackRequestCheck.Verdict.OK) {
        LoopbackPages.send(exchange, verdict.status(), LoopbackPages.rejected(verdict));
        return;
      }
      LoopbackCallback received = LoopbackCallback.parse(exchange.getRequestURI().getRawQuery());
      if (!stateMatches(received.state())) {
        // RFC 8252 §8.9: a response whose state matches no pending request is rejected; the real
        // one may still come, so keep waiting (SECURITY.md §cli-loopback).
        LoopbackPages.send(
            exchange, 400, LoopbackPages.rejected(LoopbackRequestCheck.Verdict.BAD_STATE));
        return;
      }
      if (!accepted.compareAndSet(false, true)) {
        // A second callback (reload, double click): answered, never processed again (SECURITY.md
        // §pending-authorizations).
        LoopbackPages.send(exchange, 409, LoopbackPages.alreadyHandled());
        return;
      }
      callback.complete(received);
      try {
        LoopbackPages.send(
            exchange, 200, awaitOutcome() ? LoopbackPages.success() : LoopbackPages.failure());
      } finally {
        answered.complete(null);
      }
    }
  }

  private boolean stateMatches(Secret received) {
    Secret expected = expectedState.get();
    return received != null
        && expected != null
        && MessageDigest.isEqual(
            received.reveal().getBytes(StandardCharsets.UTF_8),
            expected.reveal().getBytes(StandardCharsets.UTF_8));
  }

  private boolean awaitOutcome() {
    try {
      return outcome.get(BROWSER_ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
