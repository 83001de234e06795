package io.signlink.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.support.RawHttp;
import io.signlink.oauth.Secret;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopbackListenerTest {
  private static final String STATE = "s-0123456789abcdef0123456789abcdef";
  private static final String CODE = "code-that-must-never-show-up-anywhere";
  private LoopbackListener listener;
  private int port;

  @BeforeEach
  void open() {
    listener = LoopbackListener.open();
    listener.expectState(Secret.of(STATE));
    port = listener.port();
  }

  @AfterEach
  void close() {
    listener.close();
  }

  @Test
  void listensOnTheLoopbackIpLiteralOnAnOsChosenPort() { // SECURITY.md §cli-loopback
    assertThat(listener.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(port).isPositive();
    assertThat(listener.redirectUri().toString())
        .isEqualTo("http://127.0.0.1:" + port + "/callback");
  }

  @Test
  void twoConcurrentLoginsGetTwoPorts() { // SECURITY.md §cli-loopback
    try (LoopbackListener other = LoopbackListener.open()) {
      assertThat(other.port()).isNotEqualTo(port);
    }
  }

  @Test
  void rejectsAWrongStateAndKeepsWaitingForTheRightOne()
      throws Exception { // SECURITY.md §cli-loopback
    RawHttp.Response wrong = RawHttp.get(port, "/callback?code=x&state=not-the-state");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(listener.await(Duration.ZERO)).isEmpty();

    CompletableFuture<RawHttp.Response> browser =
        callbackInBackground("/callback?code=" + CODE + "&state=" + STATE);
    Optional<LoopbackCallback> received = listener.await(Duration.ofSeconds(10));
    assertThat(received).isPresent();
    assertThat(received.get().code().reveal()).isEqualTo(CODE);
    listener.finish(true);

    RawHttp.Response page = browser.get(10, TimeUnit.SECONDS);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("SignLink is connected")
        .doesNotContain(CODE)
        .doesNotContain(STATE);
  }

  @Test
  void answersEveryOtherRequestWith4xxAndNoSideEffect()
      throws Exception { // SECURITY.md §cli-loopback
    String good = "/callback?code=" + CODE + "&state=" + STATE;
    assertThat(RawHttp.send(port, "POST", good, "127.0.0.1:" + port, Map.of()).status())
        .isEqualTo(405);
    assertThat(RawHttp.get(port, "/callback/?code=x&state=" + STATE).status()).isEqualTo(404);
    assertThat(RawHttp.get(port, "/Callback?code=x&state=" + STATE).status()).isEqualTo(404);
    assertThat(RawHttp.get(port, "/favicon.ico").status()).isEqualTo(404);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host.
    assertThat(RawHttp.send(port, "GET", good, "evil.example:" + port, Map.of()).status())
        .isEqualTo(400);
    assertThat(RawHttp.send(port, "GET", good, "localhost:" + port, Map.of()).status())
        .isEqualTo(400);
    assertThat(
            RawHttp.send(
                    port,
                    "GET",
                    good,
                    "127.0.0.1:" + port,
                    Map.of("Origin", "https://evil.example"))
                .status())
        .isEqualTo(403);
    assertThat(RawHttp.get(port, "/callback?code=x").status()).isEqualTo(400);
    assertThat(RawHttp.get(port, "/callback?code=x&state=" + STATE + "&state=" + STATE).status())
        .isEqualTo(400);

    assertThat(listener.await(Duration.ZERO)).as("nothing was accepted").isEmpty();
    CompletableFuture<RawHttp.Response> browser = callbackInBackground(good);
    assertThat(listener.await(Duration.ofSeconds(10))).isPresent();
    listener.finish(true);
    assertThat(browser.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void processesOnlyTheFirstValidCallback()
      throws Exception { // SECURITY.md §cli-loopback, §pending-authorizations
    CompletableFuture<RawHttp.Response> first =
        callbackInBackground("/callback?code=" + CODE + "&state=" + STATE);
    assertThat(listener.await(Duration.ofSeconds(10))).isPresent();
    RawHttp.Response second = RawHttp.get(port, "/callback?code=other&state=" + STATE);
    assertThat(second.status()).isEqualTo(409);
    listener.finish(false);
    RawHttp.Response page = first.get(10, TimeUnit.SECONDS);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("could not finish");
  }

  @Test
  void pagesAreUncacheableAndSendNoReferrer()
      throws Exception { // SECURITY.md §callback-page, §web-headers, §cli-loopback
    RawHttp.Response page = RawHttp.get(port, "/callback?code=x&state=wrong");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(page.body()).doesNotContain("wrong").doesNotContain("<script");
  }

  @Test
  void passesTheProvidersErrorAndIssuerOn() throws Exception { // RFC 6749 §4.1.2.1, RFC 9207
    CompletableFuture<RawHttp.Response> browser =
        callbackInBackground(
            "/callback?error=access_denied&error_description=No%0Athanks&iss=https%3A%2F%2Fas.example&state="
                + STATE);
    LoopbackCallback cb = listener.await(Duration.ofSeconds(10)).orElseThrow();
    assertThat(cb.isError()).isTrue();
    assertThat(cb.error()).isEqualTo("access_denied");
    assertThat(cb.issuer()).isEqualTo("https://as.example");
    assertThat(cb.code()).isNull();
    listener.finish(false);
    assertThat(browser.get(10, TimeUnit.SECONDS).body()).contains("Sign-in failed");
  }

  @Test
  void timingOutAndClosingFreesThePort() throws Exception { // SECURITY.md §cli-loopback
    assertThat(listener.await(Duration.ofMillis(100))).isEmpty();
    listener.close();
    assertThat(RawHttp.isClosed(port)).isTrue();
    try (ServerSocket rebound = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void closingFromAnotherThreadEndsTheWaitAndFreesThePort()
      throws Exception { // Ctrl-C, SECURITY.md §cli-loopback
    CompletableFuture<Optional<LoopbackCallback>> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return listener.await(Duration.ofMinutes(5));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    listener.close();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(listener.isClosed()).isTrue();
    assertThat(RawHttp.isClosed(port)).isTrue();
  }

  @Test
  void refusesEveryCallbackUntilTheStateIsKnown() throws Exception {
    try (LoopbackListener fresh = LoopbackListener.open()) {
      assertThat(RawHttp.get(fresh.port(), "/callback?code=x&state=" + STATE).status())
          .isEqualTo(400);
      assertThat(fresh.await(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void printsNoCodeOrStateInItsRecord() throws Exception { // SECURITY.md §cli-loopback
    LoopbackCallback cb = LoopbackCallback.parse("code=" + CODE + "&state=" + STATE);
    assertThat(cb.toString()).doesNotContain(CODE).doesNotContain(STATE);
  }

  private CompletableFuture<RawHttp.Response> callbackInBackground(String target) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RawHttp.get(port, target);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
