package io.signlink.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCheckTest {
  @Test
  void acceptsOnlyPercentFollowedByTwoHexDigits() {
    assertThat(UrlCheck.wellFormed(null)).isTrue();
    assertThat(UrlCheck.wellFormed("/api/connections/a%20b%C3%A9")).isTrue();
    assertThat(UrlCheck.wellFormed("owner=x%2540y")).isTrue();
    assertThat(UrlCheck.wellFormed("/a/%u0041")).isFalse();
    assertThat(UrlCheck.wellFormed("/a/%")).isFalse();
    assertThat(UrlCheck.wellFormed("/a/%4")).isFalse();
    assertThat(UrlCheck.wellFormed("/a/%4g")).isFalse();
  }
}
