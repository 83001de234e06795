package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostCheckTest {
  @Test
  void allowsLoopbackNamesAndThePublicHostWithAnyPort() {
    HostCheck check = new HostCheck("signlink.localhost");
    assertThat(check.allows("localhost")).isTrue();
    assertThat(check.allows("LocalHost:8080")).isTrue();
    assertThat(check.allows("127.0.0.1:1")).isTrue();
    assertThat(check.allows("[::1]:8080")).isTrue();
    assertThat(check.allows("signlink.localhost:8080")).isTrue();
  }

  @Test
  void refusesEverythingElse() {
    HostCheck check = new HostCheck("127.0.0.1");
    assertThat(check.allows(null)).isFalse();
    assertThat(check.allows("")).isFalse();
    assertThat(check.allows("evil.example")).isFalse();
    assertThat(check.allows("localhost.evil.example")).isFalse();
    assertThat(check.allows("127.0.0.1.nip.io")).isFalse();
    assertThat(check.allows("localhost:")).isFalse();
    assertThat(check.allows("localhost:80:80")).isFalse();
    assertThat(check.allows("[::1")).isFalse();
  }
}
