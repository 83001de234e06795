package io.signlink.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private static HttpResult result(int status, String contentType, String body, String... headers) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    if (contentType != null) {
      map.put("Content-Type", List.of(contentType));
    }
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new HttpResult(
        status, HttpHeaders.of(map, (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  private static SignLinkException classify(HttpResult r) {
    return ErrorResponses.classify("acme", "token request", r, CLOCK);
  }

  @Test
  void serverErrorsAreTransient() { // SECURITY.md §provider-faults
    SignLinkException e = classify(result(500, "text/html", "<html>oops</html>"));

    assertThat(e).isInstanceOf(TransientException.class);
    assertThat(((TransientException) e).kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertThat(e.getMessage()).doesNotContain("oops");
  }

  @Test
  void rateLimitCarriesRetryAfter() { // SECURITY.md §provider-faults
    TransientException e = (TransientException) classify(result(429, null, "", "Retry-After", "7"));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.outcomeUnknown()).isFalse();
  }

  @Test
  void unavailableWithAnHttpDate() {
    TransientException e =
        (TransientException)
            classify(result(503, null, "", "Retry-After", "Sun, 22 Nov 2026 10:01:00 GMT"));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.SERVER_ERROR);
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(1));
  }

  @Test
  void oauthErrorBecomesProviderRejectedWithAdvice() { // SECURITY.md §token-response
    ProviderRejectedException e =
        (ProviderRejectedException)
            classify(
                result(
                    400,
                    "application/json",
                    "{\"error\":\"invalid_grant\",\"error_description\":\"expired\\r\\nX\"}"));

    assertThat(e.isInvalidGrant()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.getMessage()).contains("the user must reconnect").doesNotContain("\r", "\n");
  }

  @Test
  void invalidClientSaysToCheckTheCredentials() { // SECURITY.md §cooldown
    ProviderRejectedException e =
        (ProviderRejectedException)
            classify(result(401, "application/json", "{\"error\":\"invalid_client\"}"));

    assertThat(e.isClientProblem()).isTrue();
    assertThat(e.getMessage()).contains("client id/secret").contains("every connection");
  }

  @Test
  void htmlOrEmptyFourHundredsAreUnexpected() {
    SignLinkException html = classify(result(400, "text/html", "<html>{\"error\":\"x\"}</html>"));
    SignLinkException empty = classify(result(401, null, ""));

    assertThat(html).isInstanceOf(InvalidResponseException.class);
    assertThat(html.getMessage()).contains("HTML").doesNotContain("<html>");
    assertThat(empty).isInstanceOf(InvalidResponseException.class);
    assertThat(empty.getMessage()).contains("client id or secret");
  }

  @Test
  void redirectsAreUnexpected() { // SECURITY.md §transport
    InvalidResponseException e =
        (InvalidResponseException)
            classify(result(302, null, "", "Location", "https://evil.example/?code=x"));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.UNEXPECTED_STATUS);
    assertThat(e.getMessage()).doesNotContain("evil.example");
  }

  @Test
  void errorCodesOutsideTheRfcCharacterSetAreNotBelieved() {
    SignLinkException e =
        classify(result(400, "application/json", "{\"error\":\"a\\\"b\\u0000\"}"));

    assertThat(e).isInstanceOf(InvalidResponseException.class);
  }
}
