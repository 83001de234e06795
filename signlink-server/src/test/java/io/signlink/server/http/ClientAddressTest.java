package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  void aPublicPeerIsTheClientWhateverItForwards() {
    assertThat(ClientAddress.of("203.0.113.7", null)).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.of("203.0.113.7", "198.51.100.1")).isEqualTo("203.0.113.7");
  }

  @Test
  void behindAPrivateProxyTheRightmostPublicHopIsTheClient() {
    assertThat(ClientAddress.of("127.0.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
    assertThat(ClientAddress.of("10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.9"))
        .isEqualTo("198.51.100.1");
    assertThat(ClientAddress.of("::1", "2001:db8::1")).isEqualTo("2001:db8::1");
    assertThat(ClientAddress.of("fd00::1", "192.168.1.1")).isEqualTo("fd00::1");
  }

  @Test
  void aForwardedForThatIsNotAnAddressIsIgnored() {
    assertThat(ClientAddress.of("127.0.0.1", null)).isEqualTo("127.0.0.1");
    assertThat(ClientAddress.of("127.0.0.1", "evil.example")).isEqualTo("127.0.0.1");
    assertThat(ClientAddress.of("127.0.0.1", "198.51.100.1, unknown")).isEqualTo("127.0.0.1");
  }
}
