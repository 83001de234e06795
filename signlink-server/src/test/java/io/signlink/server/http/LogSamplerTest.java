package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogSamplerTest {
  @Test
  void logsTheFirstLinesOfEachWindowAndCountsTheRest() {
    AtomicLong nanos = new AtomicLong();
    LogSampler sampler = new LogSampler(2, Duration.ofMinutes(1), nanos::get);
    assertThat(sampler.next()).isEqualTo(new LogSampler.Decision(true, 0));
    assertThat(sampler.next()).isEqualTo(new LogSampler.Decision(true, 0));
    for (int i = 0; i < 1000; i++) {
      assertThat(sampler.next().log()).isFalse();
    }
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(sampler.next()).isEqualTo(new LogSampler.Decision(true, 1000));
    assertThat(sampler.next()).isEqualTo(new LogSampler.Decision(true, 0));
  }
}
