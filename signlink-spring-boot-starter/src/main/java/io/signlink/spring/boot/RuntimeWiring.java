package io.signlink.spring.boot;

import io.signlink.error.ConfigurationException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.server.SignLinkRuntime;
import io.signlink.server.config.SignLinkConfig;
import java.net.URI;
import java.time.Clock;

/**
 * The one place the starter opens SignLink's runtime: the {@code signlink.*} properties through the
 * service's settings parser, then the runtime, then its background work. A setting that is wrong
 * fails the start with the property's name. Stateless.
 */
final class RuntimeWiring {
  private RuntimeWiring() {}

  static SignLinkRuntime open(SignLinkProperties properties, URI publicUrl, Clock clock) {
    SettingsMap settings = SettingsMap.of(properties, publicUrl);
    SignLinkRuntime runtime;
    try {
      SignLinkConfig config = SignLinkConfig.fromEnvironment(settings.values());
      runtime = SignLinkRuntime.open(config, clock, new JdkHttpTransport());
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
