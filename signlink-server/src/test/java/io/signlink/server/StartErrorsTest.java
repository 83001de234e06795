package io.signlink.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signlink.error.ConfigurationException;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service that cannot listen says which setting to change, not "unexpected …Exception". */
class StartErrorsTest {
  @TempDir Path dir;

  @Test
  void aBusyPortNamesThePortSettings() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SignLinkConfig config =
          SignLinkConfig.builder().dataDir(dir).port(taken.getLocalPort()).build();

      assertThatThrownBy(() -> SignLinkServer.start(config).close())
          .isInstanceOf(ConfigurationException.class)
          .satisfies(
              e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("SIGNLINK_PORT"))
          .hasMessageContaining("port " + taken.getLocalPort())
          .hasMessageContaining("already in use")
          .hasMessageContaining("--port");
    }
  }

  @Test
  void anAddressOfAnotherMachineNamesTheBindSetting() {
    SignLinkConfig config =
        SignLinkConfig.builder()
            .dataDir(dir)
            .bindAddress("192.0.2.10") // TEST-NET-1: never an address of this machine
            .publicUrl(URI.create("https://signlink.example.com"))
            .port(18443)
            .build();

    assertThatThrownBy(() -> SignLinkServer.start(config).close())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("SIGNLINK_BIND"))
        .hasMessageContaining("not an address of this machine");
  }
}
