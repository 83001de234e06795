package io.signlink.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.cli.support.RawHttp;
import io.signlink.cli.support.ScriptedBrowser;
import io.signlink.connection.Connection;
import io.signlink.oauth.Secret;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import io.signlink.runtime.webhook.WebhookSigner;
import io.signlink.store.outbox.Delivery;
import io.signlink.store.outbox.DeliveryStatus;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginCommandTest {
  private CliWorld world;

  @BeforeEach
  void startEmulator() {
    world = CliWorld.start();
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void logsInAtDocuSignThroughTheConsentPageAndStoresTheConnection() throws Exception {
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);
    CliRun.Result r =
        world
            .cli()
            .browser(browser)
            .run("login", "docusign", "--owner", "alice", "--timeout", "30s");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Logged in to DocuSign as ").contains("(owner alice)");
    assertThat(r.err()).contains("Waiting for the browser… (Ctrl-C to cancel)");
    List<Connection> stored = world.connections();
    assertThat(stored)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.providerId()).isEqualTo("docusign");
              assertThat(c.owner()).isEqualTo("alice");
              assertThat(c.accountId()).isNotNull();
              assertThat(r.out()).contains(c.id());
            });
    HttpResponse<String> page = browser.finalPage.get(10, TimeUnit.SECONDS);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("SignLink is connected");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertLoopbackRedirectAndClosedPort(browser); // SECURITY.md §cli-loopback
    assertNoSecretPrinted(r, browser, stored.get(0)); // SECURITY.md §cli-loopback
  }

  @Test
  void aLoginNotifiesTheApplicationsWebhookThroughTheOutboxAsABrowserConnectionDoes()
      throws Exception { // SECURITY.md §durable-webhooks
    String secret = "cli-webhook-secret-0123456789";
    List<String[]> received = new CopyOnWriteArrayList<>();
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hooks",
        ex -> {
          received.add(
              new String[] {
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                ex.getRequestHeaders().getFirst(WebhookSigner.TIMESTAMP_HEADER),
                ex.getRequestHeaders().getFirst(WebhookSigner.SIGNATURE_HEADER)
              });
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
      CliRun cli =
          world
              .cli()
              .env("SIGNLINK_WEBHOOK_URLS", hook)
              .env("SIGNLINK_WEBHOOK_SECRET", secret)
              .browser(new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW));
      CliRun.Result r = cli.run("login", "docusign", "--owner", "alice");
      assertThat(r.exitCode()).as(r.err()).isZero();
      Connection c = world.connections().get(0);

      // the command wrote the event before it returned; it sends nothing itself
      List<Delivery> waiting =
          cli.withRuntime(
              rt -> rt.store().webhookOutbox().list("default", DeliveryStatus.PENDING, 10));
      assertThat(waiting)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.eventType()).isEqualTo("connection.created");
                assertThat(d.connectionId()).isEqualTo(c.id());
                assertThat(d.endpoint()).isEqualTo(URI.create(hook));
              });
      assertThat(received).isEmpty();

      // a server on the same database delivers it, signed, as it would a browser connection's
      try (SignLinkRuntime server =
          SignLinkRuntime.open(SignLinkConfig.fromEnvironment(cli.context().env()))) {
        server.startWebhookDelivery();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
      }
      String[] hit = received.get(0);
      assertThat(hit[0])
          .contains("\"type\":\"connection.created\"")
          .contains("\"connection_id\":\"" + c.id() + "\"")
          .contains("\"owner\":\"alice\"");
      assertThat(
              new WebhookSigner(Secret.of(secret))
                  .verify(Long.parseLong(hit[1]), hit[0].getBytes(StandardCharsets.UTF_8), hit[2]))
          .isTrue();
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void logsInAtBoldSignWithItsIdToken() {
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);
    CliRun.Result r = world.cli().browser(browser).run("login", "boldsign", "--owner", "bob");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(world.connections())
        .singleElement()
        .satisfies(c -> assertThat(c.providerId()).isEqualTo("boldsign"));
  }

  @Test
  void sendsPkceS256AndStateInTheAuthorizationRequest() throws Exception { // SECURITY.md §pkce
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);
    world.cli().browser(browser).run("login", "docusign", "--owner", "alice");
    URI url = browser.opened.get(1, TimeUnit.SECONDS);
    assertThat(ScriptedBrowser.parameter(url, "code_challenge_method")).isEqualTo("S256");
    assertThat(ScriptedBrowser.parameter(url, "code_challenge")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(ScriptedBrowser.parameter(url, "state")).hasSizeGreaterThanOrEqualTo(22);
    assertThat(url.getRawQuery()).doesNotContain("code_verifier");
  }

  @Test
  void rejectsACallbackWithAnotherStateAndKeepsWaitingForTheRightOne()
      throws Exception { // SECURITY.md §cli-loopback
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW).tamperStateFirst();
    CliRun.Result r = world.cli().browser(browser).run("login", "docusign", "--owner", "alice");

    assertThat(browser.tamperedCallbackStatuses()).containsExactly(400);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(browser.finalPage.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(world.connections()).hasSize(1);
  }

  @Test
  void aDeniedConsentFailsWithExit1AndStoresNothing() throws Exception {
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.DENY);
    CliRun.Result r = world.cli().browser(browser).run("login", "docusign", "--owner", "alice");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("signlink: Login failed").contains("not granted");
    assertThat(r.err().lines().filter(l -> l.startsWith("signlink:")).count()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(browser.finalPage.get(10, TimeUnit.SECONDS).body()).contains("Sign-in failed");
    assertThat(world.connections()).isEmpty();
    assertLoopbackRedirectAndClosedPort(browser);
  }

  @Test
  void timingOutClosesThePortAndStoresNothing() throws Exception { // SECURITY.md §cli-loopback
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.NOTHING);
    CliRun.Result r = world.cli().browser(browser).run("login", "docusign", "--timeout", "1s");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("No answer from the browser within 1s; nothing was stored");
    assertThat(world.connections()).isEmpty();
    assertLoopbackRedirectAndClosedPort(browser);
  }

  @Test
  void ctrlCCancelsTheLoginAndClosesThePort() throws Exception { // SECURITY.md §cli-loopback
    CliRun run = world.cli();
    ScriptedBrowser browser =
        new ScriptedBrowser(ScriptedBrowser.Answer.NOTHING)
            .onOpen(uri -> java.util.concurrent.CompletableFuture.runAsync(run::pressCtrlC));
    CliRun.Result r = run.browser(browser).run("login", "docusign", "--timeout", "5m");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("Login cancelled; nothing was stored.");
    assertThat(run.interruptHandlers()).as("the Ctrl-C hook is removed after the login").isZero();
    assertLoopbackRedirectAndClosedPort(browser);
  }

  @Test
  void printsTheUrlInsteadOfOpeningABrowserWithNoBrowser() {
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);
    CliRun.Result r =
        world.cli().browser(browser).run("login", "docusign", "--no-browser", "--timeout", "1s");

    assertThat(browser.opened).isNotDone();
    assertThat(r.err())
        .contains("Open this URL in your browser to sign in to DocuSign:")
        .contains(world.emulator().docuSignAccountBase() + "/oauth/auth?");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void anUnknownProviderFailsWithTheKnownOnes() {
    CliRun.Result r = world.cli().run("login", "adobe-sign");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("no provider 'adobe-sign' is configured").contains("docusign");
  }

  private static void assertLoopbackRedirectAndClosedPort(ScriptedBrowser browser)
      throws Exception {
    URI redirect =
        URI.create(
            ScriptedBrowser.parameter(browser.opened.get(1, TimeUnit.SECONDS), "redirect_uri"));
    assertThat(redirect.getHost()).isEqualTo("127.0.0.1");
    assertThat(redirect.getPath()).isEqualTo("/callback");
    // The listener is stopped as the command returns; its socket is released within moments.
    Awaitility.await("port " + redirect.getPort() + " closed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> RawHttp.isClosed(redirect.getPort()));
  }

  private static void assertNoSecretPrinted(
      CliRun.Result r, ScriptedBrowser browser, Connection c) {
    String printed = r.out() + r.err();
    URI callback = browser.visited().get(browser.visited().size() - 1);
    String code = ScriptedBrowser.parameter(callback, "code");
    assertThat(code).isNotBlank();
    assertThat(printed).doesNotContain(code);
    assertThat(printed).doesNotContain(c.tokens().accessToken().reveal());
    assertThat(printed).doesNotContain(c.tokens().refreshToken().reveal());
  }
}
