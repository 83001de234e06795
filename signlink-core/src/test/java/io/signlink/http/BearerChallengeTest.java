package io.signlink.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

  private static HttpResult answer(int status, String challenge) {
    Map<String, List<String>> headers =
        challenge == null ? Map.of() : Map.of("WWW-Authenticate", List.of(challenge));
    return new HttpResult(status, HttpHeaders.of(headers, (k, v) -> true), new byte[0]);
  }

  @Test
  void aBare401LikeBoldSignsEmptyOneAsksForANewToken() {
    assertThat(BearerChallenge.refusesToken(answer(401, null))).isTrue();
    assertThat(BearerChallenge.refusesToken(answer(401, "Bearer realm=\"api\""))).isTrue();
  }

  @Test
  void anInvalidTokenChallengeAsksForANewToken() {
    assertThat(
            BearerChallenge.refusesToken(
                answer(401, "Bearer error=\"invalid_token\", error_description=\"expired\"")))
        .isTrue();
  }

  @Test
  void anInvalidRequestOrAnyForbiddenAnswerDoesNot() {
    assertThat(BearerChallenge.refusesToken(answer(401, "Bearer error=\"invalid_request\"")))
        .isFalse();
    assertThat(BearerChallenge.refusesToken(answer(403, "Bearer error=\"insufficient_scope\"")))
        .isFalse();
    assertThat(BearerChallenge.refusesToken(answer(403, null))).isFalse();
    assertThat(BearerChallenge.refusesToken(answer(200, null))).isFalse();
  }
}
