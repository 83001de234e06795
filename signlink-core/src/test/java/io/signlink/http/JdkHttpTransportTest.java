package io.signlink.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.TransientException;
import io.signlink.testing.EndlessBodyServer;
import io.signlink.testing.SharedWireMock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkHttpTransportTest {
  private static final WireMockServer wm = SharedWireMock.get();

  /** For the answers that should arrive: patient enough for a loaded machine. */
  private final JdkHttpTransport transport =
      new JdkHttpTransport(Duration.ofSeconds(10), Duration.ofSeconds(30));

  /**
   * For the timeout tests: a 700 ms request timeout against servers that are late by 20 s, so a
   * timer that fires seconds late on a loaded machine still fires long before the answer.
   */
  private final JdkHttpTransport impatient =
      new JdkHttpTransport(Duration.ofSeconds(10), Duration.ofMillis(700));

  @BeforeEach
  void reset() {
    wm.resetAll();
  }

  private URI uri(String pathAndQuery) {
    return URI.create(wm.baseUrl() + pathAndQuery);
  }

  private static HttpRequest getOf(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  @Test
  void returnsStatusHeadersAndBody() {
    wm.stubFor(
        post("/token")
            .willReturn(
                aResponse().withStatus(201).withHeader("X-Test", "yes").withBody("{\"ok\":true}")));

    HttpResult result =
        transport.send(
            HttpRequest.newBuilder(uri("/token"))
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .build(),
            1024);

    assertThat(result.status()).isEqualTo(201);
    assertThat(result.header("X-Test")).contains("yes");
    assertThat(result.bodyAsString()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void neverFollowsRedirects() { // SECURITY.md §transport
    wm.stubFor(
        get("/token")
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", wm.baseUrl() + "/elsewhere")));

    HttpResult result = transport.send(getOf(uri("/token")), 1024);

    assertThat(result.status()).isEqualTo(302);
    wm.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
  }

  @Test
  void timesOutWhenTheServerDelaysBeyondTheRequestTimeout() { // SECURITY.md §provider-faults
    wm.stubFor(
        get(urlPathEqualTo("/slow")).willReturn(aResponse().withFixedDelay(20_000).withBody("{}")));
    long start = System.nanoTime();

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> impatient.send(getOf(uri("/slow?code=SECRETCODE123")), 1024));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.TIMEOUT);
    assertThat(e.outcomeUnknown()).isTrue();
    assertThat(e.getMessage())
        .contains("/slow")
        .doesNotContain("SECRETCODE123")
        .doesNotContain("?");
    // gave up at its own timeout, not when the server answered 20 s later
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void usesTheRequestsOwnTimeoutWhenItHasOne() {
    // 1 s late: past the transport's 700 ms, well within the request's own 30 s
    wm.stubFor(get("/slow").willReturn(aResponse().withFixedDelay(1_000).withBody("{}")));
    HttpRequest patient =
        HttpRequest.newBuilder(uri("/slow")).timeout(Duration.ofSeconds(30)).build();

    assertThat(impatient.send(patient, 1024).status()).isEqualTo(200);
  }

  @Test
  void timesOutOnABodyThatDribblesPastTheDeadline() { // SECURITY.md §provider-faults
    wm.stubFor(
        get("/dribble")
            .willReturn(
                aResponse().withBody("x".repeat(1000)).withChunkedDribbleDelay(20, 20_000)));

    TransientException e =
        catchThrowableOfType(
            TransientException.class, () -> impatient.send(getOf(uri("/dribble")), 64 * 1024));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.TIMEOUT);
    assertThat(e.outcomeUnknown()).isTrue();
  }

  @Test
  void timesOutOnAServerThatAcceptsButNeverAnswers()
      throws IOException { // SECURITY.md §provider-faults
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      TransientException e =
          catchThrowableOfType(
              TransientException.class,
              () ->
                  impatient.send(
                      getOf(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/token")),
                      1024));

      assertThat(e.kind()).isEqualTo(TransientException.Kind.TIMEOUT);
      assertThat(e.outcomeUnknown()).isTrue();
    }
  }

  @Test
  void connectionResetIsTransientWithUnknownOutcome() { // SECURITY.md §provider-faults,
    // §lost-refresh
    wm.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    TransientException e =
        catchThrowableOfType(
            TransientException.class, () -> transport.send(getOf(uri("/reset")), 1024));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.CONNECTION_FAILED);
    assertThat(e.outcomeUnknown()).isTrue();
  }

  @Test
  void emptyResponseAndGarbageAreTransient() { // SECURITY.md §provider-faults
    wm.stubFor(get("/empty").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    wm.stubFor(get("/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
    wm.stubFor(get("/chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

    for (String path : new String[] {"/empty", "/garbage", "/chunk"}) {
      TransientException e =
          catchThrowableOfType(
              TransientException.class, () -> transport.send(getOf(uri(path)), 1024));
      assertThat(e.outcomeUnknown()).as(path).isTrue();
    }
  }

  @Test
  void refusedConnectionIsTransientAndTheRequestWasNeverSent()
      throws IOException { // SECURITY.md §token-requests
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    TransientException e =
        catchThrowableOfType(
            TransientException.class,
            () -> transport.send(getOf(URI.create("http://127.0.0.1:" + port + "/token")), 1024));

    assertThat(e.kind()).isEqualTo(TransientException.Kind.CONNECTION_FAILED);
    assertThat(e.outcomeUnknown()).isFalse();
  }

  @Test
  void rejectsADeclaredLengthAboveTheCapBeforeReading() { // SECURITY.md §token-response
    wm.stubFor(get("/big").willReturn(aResponse().withBody("y".repeat(100_000))));

    InvalidResponseException e =
        catchThrowableOfType(
            InvalidResponseException.class, () -> transport.send(getOf(uri("/big")), 64 * 1024));

    assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.OVERSIZED);
    assertThat(e.getMessage()).doesNotContain("yyyy");
  }

  @Test
  void acceptsABodyExactlyAtTheCap() {
    wm.stubFor(get("/exact").willReturn(aResponse().withBody("z".repeat(1024))));

    assertThat(transport.send(getOf(uri("/exact")), 1024).body()).hasSize(1024);
  }

  @Test
  void stopsReadingAFiftyMegabyteChunkedBodyAtTheCap()
      throws IOException { // SECURITY.md §token-response
    try (EndlessBodyServer server = new EndlessBodyServer(50L * 1024 * 1024)) {
      long start = System.nanoTime();

      InvalidResponseException e =
          catchThrowableOfType(
              InvalidResponseException.class,
              () -> transport.send(getOf(server.uri("/token")), 64 * 1024));

      assertThat(e.kind()).isEqualTo(InvalidResponseException.Kind.OVERSIZED);
      // stops at the cap (the byte count proves it); the time bound is only against hanging
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      // The server could only push what fits in socket buffers before the client hung up.
      assertThat(server.bytesWritten()).isLessThan(16L * 1024 * 1024);
    }
  }
}
