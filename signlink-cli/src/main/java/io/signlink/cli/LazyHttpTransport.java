package io.signlink.cli;

import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import java.net.http.HttpRequest;
import java.util.function.Supplier;

/**
 * An {@link HttpTransport} that builds the real one on its first request. Building the JDK HTTP
 * client initialises TLS (about 150 ms and 250 classes), which {@code signlink token} does not need
 * while the stored token is still fresh. Thread-safe: the delegate is created at most once.
 */
final class LazyHttpTransport implements HttpTransport {
  private final Supplier<HttpTransport> factory;
  private volatile HttpTransport delegate;

  LazyHttpTransport(Supplier<HttpTransport> factory) {
    this.factory = factory;
  }

  static LazyHttpTransport jdk() {
    return new LazyHttpTransport(JdkHttpTransport::new);
  }

  @Override
  public HttpResult send(HttpRequest request, long maxResponseBytes) {
    HttpTransport d = delegate;
    if (d == null) {
      synchronized (this) {
        if (delegate == null) {
          delegate = factory.get();
        }
        d = delegate;
      }
    }
    return d.send(request, maxResponseBytes);
  }
}
