package io.signlink.server;

import io.signlink.http.HttpTransport;
import io.signlink.http.JdkHttpTransport;
import io.signlink.provider.ProviderRegistry;
import io.signlink.server.config.SignLinkConfig;
import io.signlink.server.ops.ServerMetrics;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part SignLink runs on from a {@link SignLinkConfig}, in
 * dependency order, and closes them in reverse. No framework — read it top to bottom. Usable
 * without HTTP: the CLI opens a runtime for {@code connections}, {@code token}, {@code refresh} …
 * and {@link SignLinkServer} puts routes in front of one.
 *
 * <p>Thread-safe once opened: every part it hands out is.
 */
public final class SignLinkRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkRuntime.class);

  private final SignLinkConfig config;
  private final Clock clock;
  private final HttpTransport http;
  private final ServerMetrics metrics;
  private final ProviderRegistry providers;
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

  private SignLinkRuntime(SignLinkConfig config, Clock clock, HttpTransport http) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = http;
    this.metrics = own(new ServerMetrics());
    this.providers = ProviderAssembly.build(config.providers(), http, clock);
  }

  /** Opens everything for {@code config} on the system clock and the JDK HTTP client. */
  public static SignLinkRuntime open(SignLinkConfig config) {
    return open(config, Clock.systemUTC(), new JdkHttpTransport());
  }

  /** Opens everything with a given clock and transport (tests, the demo). */
  public static SignLinkRuntime open(SignLinkConfig config, Clock clock, HttpTransport http) {
    SignLinkRuntime runtime = new SignLinkRuntime(config, clock, http);
    LOG.info("signlink runtime opened: {}", config);
    return runtime;
  }

  public SignLinkConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public HttpTransport http() {
    return http;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public ProviderRegistry providers() {
    return providers;
  }

  /** Throws when the database does not answer (for {@code /readyz}). */
  public void ping() {
    // replaced by the store's ping once the store is wired
  }

  private <T extends AutoCloseable> T own(T closeable) {
    closeables.push(closeable);
    return closeable;
  }

  /** Closes every part in the reverse order of opening; failures are logged, not thrown. */
  @Override
  public void close() {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
