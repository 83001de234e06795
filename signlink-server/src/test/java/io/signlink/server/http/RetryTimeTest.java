package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.error.TransientException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryTimeTest {
  static final Instant NOW = Instant.parse("2026-11-30T10:31:35.400Z");

  @Test
  void namesTheWaitAndTheClockTimeItEnds() {
    assertThat(RetryTime.phrase(Duration.ofSeconds(30), NOW))
        .isEqualTo("retry in 30 s, at 10:32:05 UTC");
  }

  @Test
  void roundsAPartSecondUpSoTheTimeIsNeverEarly() {
    assertThat(RetryTime.phrase(Duration.ofMillis(1200), NOW))
        .isEqualTo("retry in 2 s, at 10:31:37 UTC");
    assertThat(RetryTime.phrase(Duration.ZERO, NOW)).isEqualTo("retry in 1 s, at 10:31:36 UTC");
  }

  @Test
  void longWaitsInMinutesAndHoursWithTheDateWhenItIsNotToday() {
    assertThat(RetryTime.phrase(Duration.ofSeconds(330), NOW))
        .isEqualTo("retry in 5 min 30 s, at 10:37:05 UTC");
    assertThat(RetryTime.phrase(Duration.ofHours(2).plusMinutes(5), NOW))
        .isEqualTo("retry in 2 h 5 min, at 12:36:35 UTC");
    assertThat(RetryTime.phrase(Duration.ofHours(14), NOW))
        .isEqualTo("retry in 14 h, at 2026-12-01 00:31:35 UTC");
  }

  @Test
  void pagesForPeopleSayWhenWhileTheApiPointsAtTheHeader() {
    TransientException limited =
        new TransientException(
            TransientException.Kind.RATE_LIMITED,
            "429 from the token endpoint",
            Duration.ofSeconds(30),
            false,
            null);

    assertThat(ErrorMapping.mapForPeople(limited, NOW).message())
        .isEqualTo("The provider is rate limiting this account; retry in 30 s, at 10:32:05 UTC.");
    ErrorBody api = ErrorMapping.map(limited);
    assertThat(api.message()).endsWith("retry after the Retry-After delay.");
    assertThat(api.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }
}
