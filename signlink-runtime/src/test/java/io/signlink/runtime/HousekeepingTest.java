package io.signlink.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.PendingAuthorization;
import io.signlink.oauth.Secret;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.testing.MutableClock;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** SECURITY.md §pending-authorizations: expired rows are deleted on a schedule. */
class HousekeepingTest {

  @Test
  void theRuntimePurgesExpiredPendingAuthorizations() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    SignLinkConfig config =
        SignLinkConfig.builder()
            .dataDir(Files.createTempDirectory("signlink-housekeeping"))
            .port(1)
            .build();
    try (SignLinkRuntime runtime = SignLinkRuntime.open(config, clock, new JdkHttpTransport())) {
      runtime.store().pendingAuthorizations().save(pending("old", clock.instant()));
      clock.advance(Duration.ofMinutes(8));
      runtime.store().pendingAuthorizations().save(pending("young", clock.instant()));
      clock.advance(Duration.ofMinutes(3));

      assertThat(runtime.housekeeping().runOnce()).isEqualTo(1);
      assertThat(runtime.store().pendingAuthorizations().take("old")).isEmpty();
      assertThat(runtime.store().pendingAuthorizations().take("young")).isPresent();
    }
  }

  @Test
  void runsItsTasksOnScheduleAndSurvivesAFailingOne() {
    AtomicInteger rounds = new AtomicInteger();
    try (Housekeeping h =
        new Housekeeping(Duration.ofMillis(20))
            .add(
                "broken",
                () -> {
                  throw new IllegalStateException("database down");
                })
            .add("counted", rounds::incrementAndGet)) {
      assertThat(h.runOnce()).isEqualTo(1);
      h.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 4);
    }
  }

  private static PendingAuthorization pending(String state, Instant now) {
    return new PendingAuthorization(
        Secret.of(state),
        "docusign",
        "https://account-d.docusign.com",
        "owner",
        "http://127.0.0.1:1/callback/docusign",
        Secret.of("verifier-" + state),
        null,
        null,
        null,
        now,
        now.plus(Duration.ofMinutes(10)));
  }
}
