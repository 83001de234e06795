package io.signlink.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  @Test
  void readsTheBodyCapInBytesOrWithABinaryUnit() {
    assertThat(ProxySettings.parseSize("X", "134217728")).isEqualTo(128L << 20);
    assertThat(ProxySettings.parseSize("X", "128MiB")).isEqualTo(128L << 20);
    assertThat(ProxySettings.parseSize("X", "64 kib")).isEqualTo(64L << 10);
    assertThat(ProxySettings.parseSize("X", "1G")).isEqualTo(1L << 30);
    assertThat(ProxySettings.describe(128L << 20)).isEqualTo("128 MiB");
    assertThat(ProxySettings.describe(1500)).isEqualTo("1500 bytes");
  }

  @Test
  void refusesNonsenseNamingTheVariable() {
    assertThatThrownBy(() -> ProxySettings.parseSize("SIGNLINK_PROXY_MAX_BODY", "lots"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SIGNLINK_PROXY_MAX_BODY");
    assertThatThrownBy(() -> new ProxySettings(10)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void theEnvironmentSetsTheCapAndItDefaultsTo128MiB() {
    SignLinkConfig none = SignLinkConfig.fromEnvironment(Map.of("SIGNLINK_DATA_DIR", "/tmp/x"));
    assertThat(none.proxy().maxBodyBytes()).isEqualTo(ProxySettings.DEFAULT_MAX_BODY_BYTES);
    SignLinkConfig set =
        SignLinkConfig.fromEnvironment(
            Map.of("SIGNLINK_DATA_DIR", "/tmp/x", "SIGNLINK_PROXY_MAX_BODY", "256MiB"));
    assertThat(set.proxy().maxBodyBytes()).isEqualTo(256L << 20);
  }

  @Test
  void theEnvironmentSetsTheCallsInFlightAndItDefaultsTo200() {
    SignLinkConfig none = SignLinkConfig.fromEnvironment(Map.of("SIGNLINK_DATA_DIR", "/tmp/x"));
    assertThat(none.proxy().maxInFlight()).isEqualTo(200);
    SignLinkConfig set =
        SignLinkConfig.fromEnvironment(
            Map.of(
                "SIGNLINK_DATA_DIR",
                "/tmp/x",
                "SIGNLINK_PROXY_MAX_IN_FLIGHT",
                " 50 ",
                "SIGNLINK_PROXY_MAX_BODY",
                "1MiB"));
    assertThat(set.proxy()).isEqualTo(new ProxySettings(1L << 20, 50));
    for (String wrong : new String[] {"0", "-3", "many", "1.5"}) {
      assertThatThrownBy(
              () ->
                  SignLinkConfig.fromEnvironment(
                      Map.of("SIGNLINK_DATA_DIR", "/tmp/x", "SIGNLINK_PROXY_MAX_IN_FLIGHT", wrong)))
          .as(wrong)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("SIGNLINK_PROXY_MAX_IN_FLIGHT")
          .hasMessageContaining("at least 1");
    }
  }
}
