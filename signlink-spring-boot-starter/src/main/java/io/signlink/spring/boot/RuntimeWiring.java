package io.signlink.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.error.ConfigurationException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.time.Clock;

/**
 * The one place the starter opens SignLink's runtime: the {@code signlink.*} properties through the
 * service's settings parser, then the runtime, then its background work. A setting that is wrong
 * fails the start with the property's name. Stateless.
 */
final class RuntimeWiring {
  private RuntimeWiring() {}

  /**
   * @param meters the application's registry, or {@code null}: SignLink's meters are published to
   *     it while the runtime is open
   */
  static SignLinkRuntime open(
      SignLinkProperties properties, URI publicUrl, Clock clock, MeterRegistry meters) {
    SettingsMap settings = SettingsMap.of(properties, publicUrl);
    SignLinkRuntime runtime;
    try {
      SignLinkConfig config = SignLinkConfig.fromEnvironment(settings.values());
      runtime = SignLinkRuntime.open(config, clock, new JdkHttpTransport());
    } catch (ConfigurationException e) {
      throw settings.inPropertyNames(e);
    }
    try {
      if (meters != null) {
        runtime.metrics().publishTo(meters);
      }
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
