package io.signlink.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The readiness check answers within its deadline whatever the database does. */
class BoundedReadinessTest {
  @Test
  void aHungCheckIsNotReadyWithinTheDeadlineAndProbesShareIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    BoundedReadiness ready =
        new BoundedReadiness(
            () -> {
              started.incrementAndGet();
              try {
                release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            Duration.ofMillis(200));
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      assertThatThrownBy(ready::check).hasMessageContaining("did not answer within 200 ms");
      // answered at its 200 ms deadline, not when the hung check returns (60 s); the bound
      // leaves room for a loaded machine
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }
    assertThat(started).hasValue(1); // one stuck check, not one per probe
    release.countDown();
  }

  @Test
  void aFailingCheckIsNotReadyAndAHealthyOneIs() {
    assertThatThrownBy(
            () ->
                new BoundedReadiness(
                        () -> {
                          throw new IllegalStateException("database down");
                        },
                        Duration.ofSeconds(1))
                    .check())
        .hasMessage("database down");
    new BoundedReadiness(() -> {}, Duration.ofSeconds(1)).check();
  }
}
