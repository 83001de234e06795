package io.signlink.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.signlink.connection.ConnectionStore;
import io.signlink.connection.TokenManager;
import io.signlink.error.StoreException;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.store.crypto.Keysets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What the start checks and what SignLink opens after it: the properties are checked in the start;
 * the keyset, the database and the providers are opened right after it, on a thread of its own, or
 * in the start with {@code signlink.eager-init=true}.
 */
class SignLinkStartTest {
  static final Duration SLACK = Duration.ofSeconds(30);
  static final String WRONG_KEY = "is not the keyset";

  @TempDir Path dir;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SignLinkAutoConfiguration.class))
        .withPropertyValues(
            "signlink.data-dir=" + dir,
            "signlink.public-url=http://127.0.0.1:8080",
            "signlink.providers.docusign.client-id=ik",
            "signlink.providers.docusign.account-url=http://127.0.0.1:9/docusign");
  }

  @Test
  void signLinkOpensByItselfRightAfterTheStart() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignLinkHealthIndicator health = context.getBean(SignLinkHealthIndicator.class);
              await()
                  .atMost(SLACK)
                  .untilAsserted(
                      () -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
              assertThat(context.getBean(SignLinkRuntimeOpener.class).state())
                  .isEqualTo(SignLinkRuntimeOpener.State.OPEN);
            });
  }

  /** The database was written with one keyset and the application now names another. */
  @Test
  void aWrongKeyIsReportedByHealthAndByEveryUseWithoutStoppingTheStart() {
    writeTheDatabaseWithTheGeneratedKeyset();
    runner()
        .withPropertyValues("signlink.keyset.json=" + Keysets.toJson(Keysets.generate()))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SignLinkHealthIndicator health = context.getBean(SignLinkHealthIndicator.class);
              await()
                  .atMost(SLACK)
                  .untilAsserted(
                      () -> {
                        Health h = health.health();
                        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(h.getDetails()).containsEntry("state", "failed");
                        assertThat(h.getDetails().get("error").toString())
                            .startsWith("keyset_invalid")
                            .contains(WRONG_KEY);
                      });
              ConnectionStore connections = context.getBean(ConnectionStore.class);
              assertThatThrownBy(() -> connections.find("c-1"))
                  .isInstanceOf(StoreException.class)
                  .hasMessageContaining(WRONG_KEY);
              assertThatThrownBy(() -> context.getBean(TokenManager.class))
                  .rootCause()
                  .isInstanceOf(StoreException.class)
                  .hasMessageContaining(WRONG_KEY);
            });
  }

  @Test
  void withEagerInitAWrongKeyStopsTheStart() {
    writeTheDatabaseWithTheGeneratedKeyset();
    runner()
        .withPropertyValues(
            "signlink.keyset.json=" + Keysets.toJson(Keysets.generate()),
            "signlink.eager-init=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining(WRONG_KEY));
  }

  @Test
  void withEagerInitSignLinkIsOpenOnceTheContextIs() {
    runner()
        .withPropertyValues("signlink.eager-init=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SignLinkRuntimeOpener.class).state())
                  .isEqualTo(SignLinkRuntimeOpener.State.OPEN);
              assertThat(context.getBean(SignLinkHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
            });
  }

  @Test
  void theConnectionStoreBeanIsTheRuntimesStoreOnceCalled() {
    runner()
        .run(
            context -> {
              ConnectionStore connections = context.getBean(ConnectionStore.class);
              assertThat(connections.toString()).contains("opened on first use");
              assertThat(connections.count()).isZero(); // opens, or waits for the opening
              SignLinkRuntime runtime = context.getBean(SignLinkRuntime.class);
              assertThat(runtime.connections().count()).isZero();
              assertThat(connections.find("c-1")).isEmpty();
              assertThat(context.getBean(SignLinkRuntimeOpener.class).state())
                  .isEqualTo(SignLinkRuntimeOpener.State.OPEN);
            });
  }

  /**
   * The context closes while SignLink is (most likely) still opening on its own thread: closing
   * waits for it and closes what it opened, so no pool or timer thread is left behind.
   */
  @Test
  void closingTheContextWhileSignLinkOpensLeavesNoThreadBehind() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    runner().run(context -> assertThat(context).hasNotFailed());

    await()
        .atMost(SLACK)
        .untilAsserted(
            () -> assertThat(SignLinkAutoConfigurationTest.signlinkThreads(before)).isEmpty());
  }

  @Test
  void anApplicationsOwnRuntimeIsTheOneItsBeansComeFrom() {
    SignLinkRuntime own =
        SignLinkRuntime.builder()
            .dataDir(dir.resolve("own"))
            .publicUrl(URI.create("http://127.0.0.1:8080"))
            .build();
    try {
      runner()
          .withBean(SignLinkRuntime.class, () -> own, d -> d.setDestroyMethodName(""))
          .run(
              context -> {
                assertThat(context).hasSingleBean(SignLinkRuntime.class);
                assertThat(context.getBean(TokenManager.class)).isSameAs(own.tokens());
                assertThat(context.getBean(SignLinkHealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);
              });
    } finally {
      own.close();
    }
  }

  private void writeTheDatabaseWithTheGeneratedKeyset() {
    runner()
        .run(
            context ->
                assertThat(context.getBean(SignLinkRuntime.class).connections().count()).isZero());
  }
}
