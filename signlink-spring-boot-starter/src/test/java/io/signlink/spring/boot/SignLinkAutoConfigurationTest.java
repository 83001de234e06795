package io.signlink.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.signlink.application.ApplicationStore;
import io.signlink.connection.BackgroundRefresher;
import io.signlink.connection.ConnectFlow;
import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ProviderRegistry;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.spring.boot.web.SignLinkConnectRoutes;
import io.signlink.spring.boot.web.SignLinkOwnerResolver;
import io.signlink.store.PgTestSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinitionCustomizer;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.sqlite.SQLiteDataSource;

/** Which beans the auto-configuration offers, and when. */
class SignLinkAutoConfigurationTest {
  @TempDir Path dir;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignLinkAutoConfiguration.class))
        .withPropertyValues(
            "signlink.data-dir=" + dir,
            "signlink.public-url=http://127.0.0.1:8080",
            "signlink.providers.docusign.client-id=ik",
            "signlink.providers.docusign.client-secret=secret",
            "signlink.providers.docusign.account-url=http://127.0.0.1:9/docusign");
  }

  @Test
  void offersTheRuntimesPiecesAsBeans() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              for (Class<?> type :
                  new Class<?>[] {
                    SignLinkRuntime.class,
                    ConnectFlow.class,
                    TokenManager.class,
                    ConnectionStore.class,
                    ApplicationStore.class,
                    ProviderRegistry.class,
                    BackgroundRefresher.class,
                    SignLinkClients.class,
                    SignLinkExchangeFilters.class
                  }) {
                assertThat(context).hasSingleBean(type);
              }
              assertThat(context.getBean(ProviderRegistry.class).find("docusign")).isPresent();
              assertThat(context.getBean(TokenManager.class))
                  .isSameAs(context.getBean(SignLinkRuntime.class).tokens());
              assertThat(context).doesNotHaveBean(SignLinkConnectRoutes.class);
            });
  }

  @Test
  void closingTheContextStopsEveryThreadSignLinkStarted() throws InterruptedException {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    runner()
        .run(
            context -> {
              context.getBean(SignLinkRuntime.class); // opened (or waited for) now
              assertThat(signlinkThreads(before))
                  .as("the refresher and housekeeping run while the context is open")
                  .isNotEmpty();
            });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!signlinkThreads(before).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(signlinkThreads(before)).isEmpty();
  }

  static List<String> signlinkThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("signlink-"))
        .map(Thread::getName)
        .toList();
  }

  @Test
  void storesInPostgreSqlAtTheConfiguredUrl() throws Exception {
    try (PgTestSchema schema = new PgTestSchema()) {
      runner()
          .withPropertyValues(
              "signlink.store.url=" + schema.url(), "signlink.keyset.file=" + schema.keysetFile)
          .run(
              context -> {
                SignLinkRuntime runtime = context.getBean(SignLinkRuntime.class);
                assertThat(runtime.store().describe()).startsWith("PostgreSQL");
                assertThat(runtime.store().describe()).doesNotContain("user=postgres");
                assertThat(new SignLinkHealthIndicator(runtime).health().getStatus())
                    .hasToString("UP");
              });
    }
  }

  @Test
  void storesInTheApplicationsPostgreSqlDataSourceAndNeverClosesIt() throws Exception {
    try (PgTestSchema schema = new PgTestSchema();
        HikariDataSource pool = pool(schema.url())) {
      runner()
          .withPropertyValues(
              "signlink.keyset.file=" + schema.keysetFile,
              "signlink.store.use-application-data-source=true")
          .withBean("dataSource", DataSource.class, () -> pool, notClosedBySpring())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                SignLinkRuntime runtime = context.getBean(SignLinkRuntime.class);
                assertThat(runtime.store().describe()).contains("PostgreSQL");
                assertThat(runtime.connections().count()).isZero();
              });

      assertThat(pool.isClosed()).isFalse();
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM signlink_schema_history")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1))
            .as("SignLink's migrations ran in the application's schema")
            .isPositive();
      }
    }
  }

  @Test
  void refusesASchemaThatHoldsTheApplicationsTablesBeforeCreatingAnything() throws Exception {
    try (PgTestSchema schema = new PgTestSchema();
        HikariDataSource pool = pool(schema.url())) {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE app_orders (id bigint PRIMARY KEY)");
      }
      runner()
          .withPropertyValues(
              "signlink.keyset.file=" + schema.keysetFile,
              "signlink.store.use-application-data-source=true",
              "signlink.eager-init=true")
          .withBean("dataSource", DataSource.class, () -> pool, notClosedBySpring())
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .isInstanceOf(ConfigurationException.class)
                      .hasMessageContaining("signlink.store.use-application-data-source")
                      .hasMessageContaining("need a schema of their own"));
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM information_schema.tables"
                      + " WHERE table_schema = current_schema()")) {
        rs.next();
        assertThat(rs.getInt(1)).as("nothing created beside the application's table").isOne();
      }
    }
  }

  @Test
  void keepsItsOwnSqliteUnlessAskedToUseTheApplicationsDataSource() {
    SQLiteDataSource applications = new SQLiteDataSource();
    applications.setUrl("jdbc:sqlite:" + dir.resolve("app.db"));
    runner()
        .withBean("dataSource", DataSource.class, () -> applications)
        .run(
            context ->
                assertThat(context.getBean(SignLinkRuntime.class).store().describe())
                    .contains(dir.resolve("signlink.db").toString()));
    runner()
        .withPropertyValues(
            "signlink.store.use-application-data-source=true", "signlink.eager-init=true")
        .withBean("dataSource", DataSource.class, () -> applications)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("SignLink stores in PostgreSQL or SQLite"));
  }

  @Test
  void aStoreUrlWinsOverTheApplicationsDataSource() throws Exception {
    try (PgTestSchema schema = new PgTestSchema();
        HikariDataSource pool = pool(schema.url())) {
      runner()
          .withPropertyValues(
              "signlink.store.url=jdbc:sqlite:" + dir.resolve("own.db"),
              "signlink.store.use-application-data-source=true")
          .withBean("dataSource", DataSource.class, () -> pool, notClosedBySpring())
          .run(
              context ->
                  assertThat(context.getBean(SignLinkRuntime.class).store().describe())
                      .contains("own.db"));
    }
  }

  static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** The test closes the pool itself, after checking that SignLink left it open. */
  static BeanDefinitionCustomizer notClosedBySpring() {
    return definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName("");
  }

  @Test
  void signlinkEnabledFalseTurnsItOff() {
    runner()
        .withPropertyValues("signlink.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SignLinkRuntime.class));
  }

  @Test
  void usesTheApplicationsClock() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    runner()
        .withBean(Clock.class, () -> fixed)
        .run(context -> assertThat(context.getBean(SignLinkRuntime.class).clock()).isSameAs(fixed));
  }

  @Test
  void aWrongSettingFailsTheStartNamingTheProperty() {
    runner()
        .withPropertyValues("signlink.public-url=http://app.example.com")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("signlink.public-url: must use https")
                    .hasMessageNotContaining("SIGNLINK_"));
  }

  @Test
  void aRandomServerPortNeedsAPublicUrl() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignLinkAutoConfiguration.class))
        .withPropertyValues("signlink.data-dir=" + dir, "server.port=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "signlink.public-url: is required when server.port is 0"));
  }

  @Test
  void theRedirectUriIsTheRoutesPathUnderThePublicUrl() {
    runner()
        .withPropertyValues(
            "signlink.public-url=https://app.example.com/", "signlink.web.path=/oauth")
        .run(
            context ->
                assertThat(context.getBean(SignLinkRuntime.class).config().redirectUri("docusign"))
                    .hasToString("https://app.example.com/oauth/callback/docusign"));
  }

  @Test
  void theRoutesAppearInAServletApplicationThatAsksForThem() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SignLinkAutoConfiguration.class))
            .withPropertyValues(
                "signlink.data-dir=" + dir, "signlink.public-url=http://127.0.0.1:8080");

    web.run(context -> assertThat(context).doesNotHaveBean(SignLinkConnectRoutes.class));
    web.withPropertyValues("signlink.web.enabled=true")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SignLinkConnectRoutes.class);
              assertThat(context).hasSingleBean(SignLinkOwnerResolver.class);
            });
    SignLinkOwnerResolver mine = request -> Optional.of("tenant-7");
    web.withPropertyValues("signlink.web.enabled=true")
        .withBean(SignLinkOwnerResolver.class, () -> mine)
        .run(context -> assertThat(context.getBean(SignLinkOwnerResolver.class)).isSameAs(mine));
  }
}
