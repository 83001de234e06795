package io.signlink.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.signlink.emulator.DemoClients;
import io.signlink.test.EmulatedProviders;
import io.signlink.test.SignLinkEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application with the starter, on a real port, connects an emulated DocuSign
 * account through its own routes and lists envelope status changes with the official SDK.
 */
@SignLinkEmulator(redirectUris = "http://127.0.0.1/signlink/callback/docusign")
class SpringBootEndToEndTest {
  static final Map<String, String> ALICE = Map.of(EnvelopesApp.USER_HEADER, "alice");
  static Path dir;
  static URI app;
  static ConfigurableApplicationContext context;

  @BeforeAll
  static void start(EmulatedProviders providers) throws IOException {
    dir = Files.createTempDirectory("signlink-boot");
    int port = freePort();
    app = URI.create("http://127.0.0.1:" + port);
    context =
        new SpringApplicationBuilder(EnvelopesApp.class)
            .properties(settings(providers, port))
            .run();
  }

  static Map<String, Object> settings(EmulatedProviders providers, int port) {
    Map<String, Object> p = new HashMap<>();
    p.put("server.port", port);
    p.put("server.address", "127.0.0.1");
    p.put("signlink.public-url", "http://127.0.0.1:" + port);
    p.put("signlink.data-dir", dir.toString());
    p.put("signlink.web.enabled", true);
    p.put("signlink.providers.docusign.client-id", DemoClients.DOCUSIGN_INTEGRATION_KEY);
    p.put("signlink.providers.docusign.client-secret", DemoClients.DOCUSIGN_SECRET);
    p.put(
        "signlink.providers.docusign.account-url",
        providers.emulator().docuSignAccountBase().toString());
    p.put("management.endpoint.health.show-details", "always");
    // An application without a database of its own: SignLink keeps SQLite in its data folder.
    p.put(
        "spring.autoconfigure.exclude",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    return p;
  }

  @AfterAll
  static void stop() throws IOException {
    if (context != null) {
      context.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void connectsDocuSignThroughTheAppsRoutesAndListsStatusChangesWithTheSdk() {
    Browser browser = new Browser();

    HttpResponse<String> started =
        browser.postForm(app.resolve("/signlink/connect/docusign"), "return_to=/envelopes", ALICE);
    assertThat(started.statusCode()).isEqualTo(303);
    assertThat(started.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(
            c ->
                assertThat(c).startsWith("signlink_binding=").contains("HttpOnly", "SameSite=Lax"));
    URI authorize = Browser.location(started);
    assertThat(authorize.toString())
        .startsWith(providersAuthorizeBase())
        .contains("code_challenge_method=S256")
        .contains(
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A" + app.getPort() + "%2Fsignlink%2Fcallback");

    URI callback = Browser.location(browser.get(authorize, Map.of())); // auto-approved
    HttpResponse<String> completed = browser.get(callback, Map.of());
    assertThat(completed.statusCode()).isEqualTo(303);
    URI landing = Browser.location(completed);
    assertThat(landing.getPath()).isEqualTo("/envelopes");
    assertThat(landing.getQuery()).startsWith("connection_id=");

    HttpResponse<String> envelopes = browser.get(landing, ALICE);
    assertThat(envelopes.statusCode()).as(envelopes.body()).isEqualTo(200);
    assertThat(envelopes.body()).contains("\"envelopes\":[{").contains("\"status\":");
  }

  @Test
  void signlinksMetersLandInTheApplicationsRegistry() {
    Browser browser = new Browser();
    HttpResponse<String> started =
        browser.postForm(app.resolve("/signlink/connect/docusign"), "", ALICE);
    browser.get(Browser.location(browser.get(Browser.location(started), Map.of())), Map.of());

    MeterRegistry meters = context.getBean(MeterRegistry.class);
    assertThat(meters.get("signlink.flows.started").tag("provider", "docusign").counter().count())
        .isPositive();
    assertThat(
            meters
                .get("signlink.flows.completed")
                .tags("provider", "docusign", "outcome", "success")
                .counter()
                .count())
        .isPositive();
    assertThat(meters.get("signlink.connections.created").counter().count()).isPositive();
  }

  @Test
  void aCallbackFromAnotherBrowserIsRefusedWithAMessageThatSaysWhatToDo() {
    HttpResponse<String> started =
        new Browser().postForm(app.resolve("/signlink/connect/docusign"), "", ALICE);
    URI callback = Browser.location(new Browser().get(Browser.location(started), Map.of()));

    HttpResponse<String> refused = new Browser().get(callback, Map.of()); // no binding cookie

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("Start connecting again");
    assertThat(refused.body()).doesNotContain("code=");
  }

  @Test
  void startingIsRefusedWithoutASignedInUserAndFromAnotherSite() {
    Browser browser = new Browser();
    URI connect = app.resolve("/signlink/connect/docusign");

    assertThat(browser.postForm(connect, "", Map.of()).statusCode()).isEqualTo(401);
    HttpResponse<String> crossSite =
        browser.postForm(
            connect,
            "",
            Map.of(EnvelopesApp.USER_HEADER, "alice", "Origin", "https://evil.example"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(browser.get(connect, ALICE).statusCode()).isEqualTo(404); // only a POST starts
    assertThat(browser.postForm(connect, "return_to=https://evil.example/", ALICE).statusCode())
        .isEqualTo(400);
  }

  /** UP once SignLink has opened, which it does by itself right after the start. */
  @Test
  void reportsItsHealthUnderActuator() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> health =
                  new Browser().get(app.resolve("/actuator/health/signlink"), Map.of());
              assertThat(health.statusCode()).isEqualTo(200);
              assertThat(health.body()).contains("\"status\":\"UP\"").contains("docusign");
            });
  }

  String providersAuthorizeBase() {
    return context.getEnvironment().getProperty("signlink.providers.docusign.account-url");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
