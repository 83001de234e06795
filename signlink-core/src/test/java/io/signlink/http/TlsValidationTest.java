package io.signlink.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.error.TransientException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md §transport: a provider endpoint whose certificate the JDK does not trust (WireMock's
 * own self-signed one here) is refused during the handshake — no trust-all path, no retry over
 * plain HTTP — and the request body never leaves the client.
 */
class TlsValidationTest {
  private static WireMockServer https;
  // Generous: a handshake on a loaded two-core machine took over 3 s and ended as a timeout, which
  // is not what this test is about; a refused certificate fails at once whatever the bound.
  private final JdkHttpTransport transport =
      new JdkHttpTransport(Duration.ofSeconds(30), Duration.ofSeconds(30));

  @BeforeAll
  static void start() {
    https = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
    https.start();
    https.stubFor(
        post("/token").willReturn(okJson("{\"access_token\":\"x\",\"token_type\":\"Bearer\"}")));
  }

  @AfterAll
  static void stop() {
    https.stop();
  }

  @Test
  void anUntrustedCertificateFailsClosedBeforeAnyRequestIsSent() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + https.httpsPort() + "/token"))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=rt"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .build();

    TransientException e =
        catchThrowableOfType(TransientException.class, () -> transport.send(request, 64 * 1024));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(TransientException.Kind.CONNECTION_FAILED);
    assertThat(e.outcomeUnknown()).as("nothing reached the server").isFalse();
    assertThat(e.getMessage()).doesNotContain("refresh_token=rt");
    assertThat(https.getAllServeEvents()).isEmpty();
  }
}
