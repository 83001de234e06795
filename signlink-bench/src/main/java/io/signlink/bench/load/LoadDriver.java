package io.signlink.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load generator: {@code threads} callers each send one request, wait for the
 * whole response, and send the next, until the time is up. Each caller keeps its connection alive.
 * Latency is measured per request from send to the last body byte. Thread-safe: each run uses its
 * own threads, callers and sample buffers.
 */
final class LoadDriver {
  /** One caller's way of sending the request once and reading the whole answer. */
  interface Caller extends AutoCloseable {
    int call() throws IOException, InterruptedException;

    @Override
    default void close() {}
  }

  private final int threads;

  LoadDriver(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least one client thread, not " + threads);
    }
    this.threads = threads;
  }

  /** A caller over a shared JDK client (which pools keep-alive connections). */
  static Supplier<Caller> jdk(HttpClient client, HttpRequest request) {
    return () -> () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * A caller over its own socket, with a hand-written HTTP/1.1 exchange ({@link RawHttpCaller}).
   */
  static Supplier<Caller> raw(URI uri, String method, String authorization) {
    return () -> {
      RawHttpCaller c = new RawHttpCaller(uri, method, authorization);
      return new Caller() {
        @Override
        public int call() throws IOException {
          return c.call();
        }

        @Override
        public void close() {
          c.close();
        }
      };
    };
  }

  /** Runs a caller per thread for {@code duration}; a non-2xx answer is an error. */
  LoadResult run(Supplier<Caller> callerFactory, Duration duration) throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bench-load");
              t.setDaemon(true);
              return t;
            });
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<LoadResult>> callers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        callers.add(
            pool.submit(
                () -> {
                  go.await();
                  try (Caller caller = callerFactory.get()) {
                    return loop(caller, System.nanoTime() + duration.toNanos());
                  }
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      LoadResult total = null;
      for (Future<LoadResult> f : callers) {
        LoadResult r = join(f);
        total = total == null ? r : total.plus(r);
      }
      long wall = System.nanoTime() - start;
      return total.withWallNanos(wall);
    } finally {
      pool.shutdownNow();
    }
  }

  private static LoadResult loop(Caller caller, long deadline) {
    long[] samples = new long[1 << 14];
    int n = 0;
    long errors = 0;
    String firstError = null;
    while (System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      try {
        int status = caller.call();
        long t1 = System.nanoTime();
        if (status / 100 == 2) {
          if (n == samples.length) {
            samples = Arrays.copyOf(samples, n * 2);
          }
          samples[n++] = t1 - t0;
        } else {
          errors++;
          firstError = firstError == null ? "HTTP " + status : firstError;
        }
      } catch (IOException e) {
        errors++;
        firstError = firstError == null ? e.getClass().getSimpleName() : firstError;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // A caller's result carries no wall time: the run's wall time is measured around all callers.
    return new LoadResult(Arrays.copyOf(samples, n), errors, 0, firstError);
  }

  private static LoadResult join(Future<LoadResult> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a load caller failed: " + e.getCause(), e.getCause());
    }
  }
}
