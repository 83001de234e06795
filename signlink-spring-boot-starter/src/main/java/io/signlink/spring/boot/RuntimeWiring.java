package io.signlink.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;

/**
 * The one place the starter opens SignLink's runtime, in two steps: {@link #check} reads the {@code
 * signlink.*} properties through the service's settings parser (at start: a setting that is wrong
 * fails the start with the property's name), and {@link #open} runs {@link
 * SignLinkRuntime#builder(SignLinkConfig)} with the application's own parts, then its background
 * work (when {@link SignLinkRuntimeOpener} says). The application's {@link ProviderDefinitions} and
 * {@link DefinitionHooks}, where it declares them, go to both: the check reads the settings of
 * every definition the runtime will have, and the builder gets the same ones. Stateless.
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
   * @param hooks the strategies provider definitions call on, or {@code null} for the built-in ones
   */
  record ApplicationParts(
      Clock clock,
      MeterRegistry meters,
      DataSource dataSource,
      ScheduledExecutorService scheduler,
      DefinitionHooks hooks) {}

  /**
   * The {@code signlink.*} properties read and checked, without opening anything: cheap enough for
   * the start, where a wrong setting must stop it with the property's name.
   *
   * @param settings the properties as the service's settings, for naming properties in errors
   * @param config what the runtime opens with
   * @param definitions the application's provider definitions, or {@code null} for the built-in
   *     ones
   */
  record Checked(SettingsMap settings, SignLinkConfig config, ProviderDefinitions definitions) {}

  /**
   * Reads and checks the properties (providers known, URLs well-formed, https unless loopback, …).
   *
   * @param definitions the application's provider definitions, or {@code null} for the built-in
   *     ones: a provider of theirs is configured and checked like a built-in one
   * @throws ConfigurationException naming the {@code signlink.*} property that is wrong
   */
  static Checked check(
      SignLinkProperties properties, URI publicUrl, ProviderDefinitions definitions) {
    ProviderDefinitions read = definitions != null ? definitions : ProviderDefinitions.builtIn();
    SettingsMap settings = SettingsMap.of(properties, publicUrl, read);
    try {
      return new Checked(
          settings, SignLinkConfig.fromEnvironment(settings.values(), read), definitions);
    } catch (ConfigurationException e) {
      throw settings.inPropertyNames(e);
    }
  }

  /**
   * {@link #check} under way on a thread of its own ({@code signlink-check}): reading the provider
   * definitions takes a few hundred milliseconds of CPU that the rest of the application's start
   * need not wait for.
   */
  static final class PendingCheck {
    private final CompletableFuture<Checked> result = new CompletableFuture<>();

    private PendingCheck(
        SignLinkProperties properties, URI publicUrl, ProviderDefinitions definitions) {
      Thread t =
          new Thread(
              () -> {
                try {
                  result.complete(check(properties, publicUrl, definitions));
                } catch (RuntimeException | Error e) {
                  result.completeExceptionally(e);
                }
              },
              "signlink-check");
      t.setDaemon(true);
      t.start();
    }

    /**
     * The checked settings, waited for.
     *
     * @throws ConfigurationException naming the property that is wrong
     */
    Checked result() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return result.get();
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
              throw r;
            }
            if (e.getCause() instanceof Error err) {
              throw err;
            }
            throw new IllegalStateException(e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Begins {@link #check} on a thread of its own.
   *
   * @param definitions the application's provider definitions, or {@code null} for the built-in
   *     ones
   */
  static PendingCheck checkAside(
      SignLinkProperties properties, URI publicUrl, ProviderDefinitions definitions) {
    return new PendingCheck(properties, publicUrl, definitions);
  }

  /** Opens the runtime (the slow part: keyset, store, providers) and starts its timers. */
  static SignLinkRuntime open(
      Checked checked, SignLinkProperties properties, ApplicationParts parts) {
    SignLinkRuntime runtime;
    try {
      SignLinkRuntime.Builder builder =
          SignLinkRuntime.builder(checked.config()).clock(parts.clock());
      if (parts.meters() != null) {
        builder.meterRegistry(parts.meters());
      }
      if (parts.dataSource() != null) {
        builder.dataSource(parts.dataSource());
      }
      if (parts.scheduler() != null) {
        builder.scheduler(parts.scheduler());
      }
      if (checked.definitions() != null) {
        builder.definitions(checked.definitions());
      }
      if (parts.hooks() != null) {
        builder.hooks(parts.hooks());
      }
      runtime = builder.build();
    } catch (ConfigurationException e) {
      throw checked.settings().inPropertyNames(e);
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
