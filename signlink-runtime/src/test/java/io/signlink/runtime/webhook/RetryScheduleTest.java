package io.signlink.runtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The retry rule of webhook deliveries (SECURITY.md §durable-webhooks). */
class RetryScheduleTest {
  final RetrySchedule schedule = RetrySchedule.defaults();

  @Test
  void waitsDoubleFromTenSecondsUpToAnHour() {
    assertThat(schedule.ceiling(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.ceiling(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.ceiling(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(schedule.ceiling(9)).isEqualTo(Duration.ofSeconds(2560));
    assertThat(schedule.ceiling(10)).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.ceiling(1_000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void jitterTakesOffAtMostHalfAndSpreadsInstancesThatFailedTogether() {
    SplittableRandom random = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 1_000; i++) {
      long ms = schedule.delayAfter(3, random).toMillis();
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertThat(min).isGreaterThanOrEqualTo(20_000).isLessThan(21_000);
    assertThat(max).isLessThanOrEqualTo(40_000).isGreaterThan(39_000);
  }

  @Test
  void theDefaultsRetryForADayInAboutThirtyAttempts() {
    Duration total = Duration.ZERO;
    int attempts = 1;
    while (total.plus(schedule.ceiling(attempts)).compareTo(schedule.retryFor()) <= 0) {
      total = total.plus(schedule.ceiling(attempts));
      attempts++;
    }
    assertThat(attempts).isBetween(28, 32);
  }

  @Test
  void refusesASchedulethatCannotWork() {
    assertThatThrownBy(
            () -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(1)))
        .hasMessageContaining("first");
    assertThatThrownBy(
            () ->
                new RetrySchedule(
                    Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1)))
        .hasMessageContaining("max");
  }
}
