package io.signlink.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signlink.connection.Connection;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.docusign.DocuSignApiClient;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a library user gets from {@link SignLinkRuntime#builder}: tokens and API clients against the
 * emulated providers, their meters in the application's registry, and a {@code close()} that stops
 * what SignLink started and nothing the application gave it.
 */
@SignLinkEmulator
class RuntimeBuilderTest {
  @TempDir Path dir;

  @Test
  void handsOutATokenAndAReadyApiClientFromTheBuilder(EmulatedProviders providers)
      throws Exception {
    try (SignLinkRuntime signlink = builder(providers).build()) {
      Connection c = connect(signlink, providers, "docusign", "alice");

      assertThat(signlink.tokens().accessToken(c.id()).token().reveal()).isNotBlank();
      DocuSignApiClient docusign = signlink.apiClient(c.id(), DocuSignApiClient::forConnection);
      assertThat(docusign.getAccount().accountId()).isEqualTo(c.accountId());
    }
  }

  @Test
  void recordsItsMetersInTheApplicationsRegistry(EmulatedProviders providers) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (SignLinkRuntime signlink = builder(providers).meterRegistry(registry).build()) {
      Connection c = connect(signlink, providers, "boldsign", "bob");
      signlink.tokens().forceRefresh(c.id());

      assertThat(registry.get("signlink.connections.created").tag("provider", "boldsign").counter())
          .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
      assertThat(registry.get("signlink.refreshes").tag("provider", "boldsign").counter().count())
          .isEqualTo(1.0);
    }
    assertThat(registry.isClosed()).isFalse();
  }

  @Test
  void closeStopsEveryThreadItStarted(EmulatedProviders providers) throws Exception {
    exercise(providers); // the emulator's and the test kit's own threads exist from here on
    System.gc();
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    Set<String> whileOpen = exercise(providers);

    assertThat(whileOpen) // what close() has to stop
        .contains("signlink-housekeeping", "signlink-lease-heartbeat")
        .anyMatch(name -> name.startsWith("signlink-refresh-scheduler"))
        .anyMatch(name -> name.startsWith("signlink-sqlite-"))
        .anyMatch(name -> name.startsWith("HttpClient-"));
    await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              System.gc(); // the JDK HttpClient's selector thread ends once its client is gone
              assertThat(startedSince(before)).isEmpty();
            });
  }

  @Test
  void leavesTheApplicationsSchedulerRunningAndCancelsItsTasks(EmulatedProviders providers)
      throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      try (SignLinkRuntime signlink = builder(providers).scheduler(scheduler).build()) {
        signlink.startBackgroundRefresh();
        signlink.startHousekeeping();
        assertThat(scheduler.getQueue()).hasSize(2); // refresh passes and housekeeping
        Connection c = connect(signlink, providers, "docusign", "carol");
        signlink.tokens().forceRefresh(c.id());
      }

      assertThat(scheduler.isShutdown()).isFalse();
      assertThat(scheduler.getQueue()).isEmpty();
      assertThat(scheduler.schedule(() -> "still running", 1, TimeUnit.MILLISECONDS).get())
          .isEqualTo("still running");
    } finally {
      scheduler.shutdownNow();
    }
  }

  /**
   * Opens a runtime, connects, refreshes, calls the API, runs background work, and closes it;
   * returns the names of the threads that were running just before it closed.
   */
  private Set<String> exercise(EmulatedProviders providers) throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (SignLinkRuntime signlink = builder(providers).build()) {
      signlink.startBackgroundRefresh();
      signlink.startHousekeeping();
      Connection c = connect(signlink, providers, "docusign", "dave");
      signlink.tokens().forceRefresh(c.id());
      signlink.apiClient(c.id(), DocuSignApiClient::forConnection).getAccount();
      signlink.backgroundRefresher().runOnce();
      return startedSince(before);
    }
  }

  private SignLinkRuntime.Builder builder(EmulatedProviders providers) {
    return SignLinkRuntime.builder(SignLinkConfig.fromEnvironment(providers.settings()))
        .jdbcUrl("jdbc:sqlite:" + dir.resolve("signlink.db"))
        .dataDir(dir);
  }

  private static Set<String> startedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static Connection connect(
      SignLinkRuntime signlink, EmulatedProviders providers, String provider, String owner) {
    AuthorizationStart start = signlink.connectFlow().begin(provider, owner, null, null);
    URI callback = providers.approve(start.authorizationUrl());
    return signlink
        .connectFlow()
        .complete(provider, SignLinkEmulatorExtensionTest.query(callback), null)
        .connection();
  }
}
