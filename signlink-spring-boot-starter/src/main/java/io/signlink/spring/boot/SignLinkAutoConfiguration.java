package io.signlink.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.application.ApplicationStore;
import io.signlink.connection.BackgroundRefresher;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.spring.boot.web.SignLinkConnectRoutes;
import io.signlink.spring.boot.web.SignLinkOwnerResolver;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * SignLink in a Spring Boot application: opens one runtime from the {@code signlink.*} properties
 * ({@link SignLinkProperties}) and offers its pieces as beans — {@link ConnectFlow}, {@link
 * TokenManager}, {@link ConnectionStore}, {@link ApplicationStore}, {@link ProviderRegistry},
 * {@link BackgroundRefresher} and {@link SignLinkClients} — plus, where the application has them, a
 * health indicator and the connect/callback routes ({@code signlink.web.enabled=true}). SignLink's
 * meters ({@code signlink.refreshes}, {@code signlink.refresh.failures}, …) go to the application's
 * {@code MeterRegistry} when it has one; its tables go to the application's PostgreSQL {@code
 * DataSource} unless {@code signlink.store.url} names another database (see {@code
 * ApplicationDataSource}); a {@code ScheduledExecutorService} bean runs its timers. A {@link
 * ProviderDefinitions} bean replaces the built-in provider definitions (e.g. {@code
 * ProviderDefinitions.builtIn().with(…)}: its providers are configured with {@code
 * signlink.providers.<id>.*} like the built-in ones), and a {@link DefinitionHooks} bean the
 * strategies definitions call on (docs/PROVIDER-DEFINITIONS.md). The runtime is closed with the
 * context; every piece above belongs to it, so none of them has a destroy method of its own.
 * Declaring a bean of any of these types replaces SignLink's.
 *
 * <p>The start only checks the properties: the runtime opens on a thread of its own once the
 * context has started ({@link SignLinkRuntimeOpener}), or sooner when something needs it. {@code
 * ConnectionStore}, {@code ApplicationStore}, {@link SignLinkClients}, the routes and the health
 * indicator can be injected anywhere without opening it; the other pieces are lazy beans, so a bean
 * that injects one of them directly opens SignLink while the application starts.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = "signlink.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SignLinkProperties.class)
public class SignLinkAutoConfiguration {

  /**
   * SignLink's own runtime, unless the application declares a {@link SignLinkRuntime} bean: the
   * properties are checked now, in the start, and the runtime opens after it (or in it, with {@code
   * signlink.eager-init=true}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(SignLinkRuntime.class)
  static class OwnRuntime {
    /**
     * Checks the {@code signlink.*} properties (a wrong one fails the start, naming it: the check
     * runs beside the rest of the start and is waited for once every bean is created) and takes the
     * application's parts; opens nothing unless {@code signlink.eager-init=true}. The parts (among
     * them the application's {@link ProviderDefinitions} and {@link DefinitionHooks}) are taken
     * here, on the start's thread, like any injection: asking the bean factory from the check's
     * thread or the opening thread could wait on a bean's creation that waits on them. After the
     * application's own schema tools (Flyway, Liquibase, SQL scripts), since SignLink may share
     * their database.
     */
    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    SignLinkRuntimeOpener signLinkRuntimeOpener(
        SignLinkProperties properties,
        Environment environment,
        ObjectProvider<Clock> clock,
        ObjectProvider<MeterRegistry> meters,
        ObjectProvider<DataSource> dataSource,
        ObjectProvider<ScheduledExecutorService> scheduler,
        ObjectProvider<ProviderDefinitions> definitions,
        ObjectProvider<DefinitionHooks> hooks) {
      URI publicUrl = publicUrl(properties, environment);
      ProviderDefinitions ownDefinitions = definitions.getIfAvailable();
      DefinitionHooks ownHooks = hooks.getIfAvailable();
      RuntimeWiring.PendingCheck checked =
          RuntimeWiring.checkAside(properties, publicUrl, ownDefinitions);
      Clock theClock = clock.getIfAvailable(Clock::systemUTC);
      MeterRegistry registry = meters.getIfUnique();
      DataSource applications = dataSource.getIfUnique();
      ScheduledExecutorService timers = scheduler.getIfUnique();
      SignLinkRuntimeOpener opener =
          new SignLinkRuntimeOpener(
              () ->
                  RuntimeWiring.open(
                      checked.result(),
                      properties,
                      new RuntimeWiring.ApplicationParts(
                          theClock,
                          registry,
                          ApplicationDataSource.choose(properties, applications).orElse(null),
                          timers,
                          ownHooks)),
              checked::result,
              true,
              !properties.eagerInit());
      if (properties.eagerInit()) {
        opener.get();
      }
      return opener;
    }

    /** The runtime, opened when first asked for (the opener closes it with the context). */
    @Bean(destroyMethod = "")
    @Lazy
    SignLinkRuntime signLinkRuntime(SignLinkRuntimeOpener opener) {
      return opener.get();
    }
  }

  /**
   * The application's own {@link SignLinkRuntime}, which the application opens (here, if its bean
   * is not created yet) and closes.
   */
  @Bean
  @ConditionalOnMissingBean(SignLinkRuntimeOpener.class)
  SignLinkRuntimeOpener signLinkApplicationRuntimeOpener(ObjectProvider<SignLinkRuntime> runtime) {
    SignLinkRuntimeOpener opener =
        new SignLinkRuntimeOpener(runtime::getObject, () -> {}, false, false);
    opener.get();
    return opener;
  }

  @Bean(destroyMethod = "")
  @Lazy
  @ConditionalOnMissingBean
  ConnectFlow signLinkConnectFlow(SignLinkRuntimeOpener runtime) {
    return runtime.get().connectFlow();
  }

  @Bean(destroyMethod = "")
  @Lazy
  @ConditionalOnMissingBean
  TokenManager signLinkTokenManager(SignLinkRuntimeOpener runtime) {
    return runtime.get().tokens();
  }

  /** Calls go to the runtime's store once it is open: injecting it opens nothing. */
  @Bean
  @ConditionalOnMissingBean
  ConnectionStore signLinkConnectionStore(SignLinkRuntimeOpener runtime) {
    return OnFirstUse.of(ConnectionStore.class, () -> runtime.get().connections());
  }

  /** Calls go to the runtime's store once it is open: injecting it opens nothing. */
  @Bean
  @ConditionalOnMissingBean
  ApplicationStore signLinkApplicationStore(SignLinkRuntimeOpener runtime) {
    return OnFirstUse.of(ApplicationStore.class, () -> runtime.get().store().applications());
  }

  @Bean(destroyMethod = "")
  @Lazy
  @ConditionalOnMissingBean
  ProviderRegistry signLinkProviderRegistry(SignLinkRuntimeOpener runtime) {
    return runtime.get().providers();
  }

  @Bean(destroyMethod = "")
  @Lazy
  @ConditionalOnMissingBean
  BackgroundRefresher signLinkBackgroundRefresher(SignLinkRuntimeOpener runtime) {
    return runtime.get().backgroundRefresher();
  }

  @Bean
  @ConditionalOnMissingBean
  SignLinkClients signLinkClients(SignLinkRuntimeOpener runtime) {
    return new SignLinkClients(runtime);
  }

  /**
   * {@code signlink.public-url}, or {@code http://127.0.0.1:{server.port}} with the context path
   * for an application on a fixed local port.
   */
  static URI publicUrl(SignLinkProperties properties, Environment environment) {
    if (properties.publicUrl() != null) {
      return properties.publicUrl();
    }
    int port = environment.getProperty("server.port", Integer.class, 8080);
    if (port <= 0) {
      throw new ConfigurationException(
          "signlink.public-url",
          "is required when server.port is "
              + port
              + ": the providers' redirect URIs must be known before the server picks a port."
              + " Set it to how browsers reach this application, e.g. https://app.example.com");
    }
    String context = environment.getProperty("server.servlet.context-path", "");
    return URI.create("http://127.0.0.1:" + port + context.replaceAll("/+$", ""));
  }

  /** {@code WebClient} filters, where the application has Spring WebFlux. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.client.WebClient")
  static class WebClientFilters {
    @Bean
    @ConditionalOnMissingBean
    SignLinkExchangeFilters signLinkExchangeFilters(SignLinkRuntimeOpener runtime) {
      return new SignLinkExchangeFilters(runtime);
    }
  }

  /** {@code /actuator/health/signlink}, where Spring Boot's health support is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnEnabledHealthIndicator("signlink")
  static class Health {
    /** The bean's name gives the contributor's: {@code signlink}. */
    @Bean
    @ConditionalOnMissingBean(name = "signlinkHealthIndicator")
    SignLinkHealthIndicator signlinkHealthIndicator(SignLinkRuntimeOpener runtime) {
      return new SignLinkHealthIndicator(runtime);
    }
  }

  /** The connect and callback routes, in a servlet application that asks for them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
  @ConditionalOnBooleanProperty("signlink.web.enabled")
  static class Web {
    @Bean
    @ConditionalOnMissingBean
    SignLinkOwnerResolver signLinkOwnerResolver() {
      return SignLinkOwnerResolver.principal();
    }

    @Bean
    SignLinkConnectRoutes signLinkConnectRoutes(
        SignLinkRuntimeOpener runtime,
        SignLinkOwnerResolver owners,
        SignLinkProperties properties,
        Environment environment) {
      return new SignLinkConnectRoutes(
          runtime, owners, publicUrl(properties, environment), properties.web().successPath());
    }

    @Bean
    RouterFunction<ServerResponse> signLinkRouterFunction(
        SignLinkConnectRoutes routes, SignLinkProperties properties) {
      return routes.routes(properties.web().path());
    }
  }
}
