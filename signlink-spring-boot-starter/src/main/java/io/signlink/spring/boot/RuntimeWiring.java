package io.signlink.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.error.ConfigurationException;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * The one place the starter opens SignLink's runtime: the {@code signlink.*} properties through the
 * service's settings parser, then {@link SignLinkRuntime#builder(SignLinkConfig)} with the
 * application's own parts, then its background work. A setting that is wrong fails the start with
 * the property's name. Stateless.
 */
final class RuntimeWiring {
  private RuntimeWiring() {}

  /**
   * The application's parts SignLink uses and never closes.
   *
   * @param clock the clock expiry is judged by
   * @param meters where SignLink's meters go, or {@code null}
   * @param dataSource the application's PostgreSQL pool to store in, or {@code null} for SignLink's
   *     own database ({@code signlink.store.url} or SQLite in the data folder)
   * @param scheduler runs SignLink's timers, or {@code null} for threads of its own
   */
  record ApplicationParts(
      Clock clock,
      MeterRegistry meters,
      DataSource dataSource,
      ScheduledExecutorService scheduler) {}

  static SignLinkRuntime open(
      SignLinkProperties properties, URI publicUrl, ApplicationParts parts) {
    SettingsMap settings = SettingsMap.of(properties, publicUrl);
    SignLinkRuntime runtime;
    try {
      SignLinkConfig config = SignLinkConfig.fromEnvironment(settings.values());
      SignLinkRuntime.Builder builder = SignLinkRuntime.builder(config).clock(parts.clock());
      if (parts.meters() != null) {
        builder.meterRegistry(parts.meters());
      }
      if (parts.dataSource() != null) {
        builder.dataSource(parts.dataSource());
      }
      if (parts.scheduler() != null) {
        builder.scheduler(parts.scheduler());
      }
      runtime = builder.build();
    } catch (ConfigurationException e) {
      throw settings.inPropertyNames(e);
    }
    try {
      if (properties.refresh().background()) {
        runtime.startBackgroundRefresh();
      }
      runtime.startHousekeeping();
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }
}
