package io.signlink.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hand-parsed command line of the emulator jar. */
class CliOptionsTest {

  @Test
  void parsesEveryFlag() {
    CliOptions o =
        CliOptions.parse(
            new String[] {
              "--port",
              "0",
              "--auto-approve",
              "--redirect-uri",
              "http://127.0.0.1:4000/cb",
              "--redirect-uri=http://localhost:3000/redirect",
              "--access-token-ttl",
              "30s",
              "--docusign-access-token-ttl=2h",
              "--code-ttl",
              "PT10S",
              "--boldsign-iss",
              "--host",
              "127.0.0.1"
            });
    EmulatorConfig config = o.config.build();
    assertThat(config.port()).isZero();
    assertThat(config.autoApprove()).isTrue();
    assertThat(config.boldSignIssParameter()).isTrue();
    assertThat(config.redirectUris())
        .containsExactly("http://127.0.0.1:4000/cb", "http://localhost:3000/redirect");
    assertThat(config.boldSignAccessTokenTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.docuSignAccessTokenTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(config.codeTtl()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void defaultsToPort8090AndProviderLifetimes() {
    EmulatorConfig config = CliOptions.parse(new String[0]).config.build();
    assertThat(config.port()).isEqualTo(8090);
    assertThat(config.autoApprove()).isFalse();
    assertThat(config.docuSignAccessTokenTtl()).isEqualTo(Duration.ofHours(8));
    assertThat(config.boldSignAccessTokenTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsUnknownFlagsMissingValuesAndBadDurations() {
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--bogus"}))
        .hasMessageContaining("unknown option --bogus");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--port"}))
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--port", "http"}))
        .hasMessageContaining("0 to 65535");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--access-token-ttl", "soon"}))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--code-ttl", "0s"}))
        .hasMessageContaining("positive");
  }

  @Test
  void parsesDurationUnits() {
    assertThat(CliOptions.duration("x", "90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(CliOptions.duration("x", "15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(CliOptions.duration("x", "30d")).isEqualTo(Duration.ofDays(30));
  }
}
