package io.signlink.server;

import io.signlink.emulator.DemoClients;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.oauth.Secret;
import io.signlink.server.config.ProviderSettings;
import io.signlink.server.config.SignLinkConfig;
import io.signlink.server.http.ClientLimits;
import io.signlink.server.http.RateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real SignLink server on a free loopback port in front of the in-process emulator (BoldSign and
 * DocuSign), with a fresh SQLite store in a temp folder. Close it after the test.
 */
final class TestSignLink implements AutoCloseable {
  static final String ADMIN_KEY = "sk_test_admin_key_0123456789abcdef";

  final Emulator emulator;
  final SignLinkServer server;
  final Path dataDir;

  private TestSignLink(Emulator emulator, SignLinkServer server, Path dataDir) {
    this.emulator = emulator;
    this.server = server;
    this.dataDir = dataDir;
  }

  static TestSignLink start(boolean autoApprove, boolean devMode) {
    return start(autoApprove, devMode, UnaryOperator.identity());
  }

  static TestSignLink start(
      boolean autoApprove, boolean devMode, UnaryOperator<SignLinkConfig.Builder> more) {
    return start(autoApprove, devMode, more, UnaryOperator.identity());
  }

  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore) {
    return start(autoApprove, devMode, more, emulatorMore, GENEROUS_LIMITS);
  }

  /**
   * Rate limits no functional test reaches (all its requests come from 127.0.0.1); {@code
   * RateLimitsTest} runs the defaults.
   */
  static final ClientLimits.Rules GENEROUS_LIMITS =
      new ClientLimits.Rules(
          new RateLimiter.Rule("connect", 100_000, Duration.ofMillis(1)),
          new RateLimiter.Rule("api_key_failures", 100_000, Duration.ofMillis(1)),
          new RateLimiter.Rule("console_login_failures", 100_000, Duration.ofMillis(1)));

  static TestSignLink start(
      boolean autoApprove,
      boolean devMode,
      UnaryOperator<SignLinkConfig.Builder> more,
      UnaryOperator<EmulatorConfig.Builder> emulatorMore,
      ClientLimits.Rules limits) {
    try {
      Path dir = Files.createTempDirectory("signlink-server-test");
      SignLinkConfig base =
          SignLinkServer.withConcretePort(SignLinkConfig.builder().dataDir(dir).port(0).build());
      int port = base.port();
      Emulator emu =
          Emulator.start(
              emulatorMore
                  .apply(
                      EmulatorConfig.builder()
                          .host("127.0.0.1")
                          .port(0)
                          .autoApprove(autoApprove)
                          .redirectUri(
                              "http://127.0.0.1:" + port + "/callback/boldsign",
                              "http://127.0.0.1:" + port + "/callback/docusign"))
                  .build());
      SignLinkConfig.Builder b =
          base.toBuilder()
              .adminKey(Secret.of(ADMIN_KEY))
              .devMode(devMode)
              .provider(
                  new ProviderSettings.BoldSign(
                      DemoClients.BOLDSIGN_CLIENT_ID,
                      Secret.of(DemoClients.BOLDSIGN_CLIENT_SECRET),
                      "us",
                      emu.boldSignAccountBase(),
                      emu.boldSignApiBase(),
                      List.of()))
              .provider(
                  new ProviderSettings.DocuSign(
                      DemoClients.DOCUSIGN_INTEGRATION_KEY,
                      Secret.of(DemoClients.DOCUSIGN_SECRET),
                      false,
                      emu.docuSignAccountBase(),
                      List.of()));
      SignLinkServer server = SignLinkServer.start(more.apply(b).build(), limits);
      return new TestSignLink(emu, server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create(server.baseUri() + pathAndQuery);
  }

  /** A browser-like client: keeps cookies, follows no redirects. */
  static HttpClient browser() {
    return HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(HttpClient client, String path) {
    return send(client, HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> api(String method, String path, String key, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return send(browser(), b.build());
  }

  /**
   * Runs the consent flow with an auto-approving emulator: /connect → provider → /callback. Returns
   * the callback response (a 303 to the result page).
   */
  HttpResponse<String> connect(HttpClient client, String provider, String owner) {
    HttpResponse<String> begin = get(client, "/connect/" + provider + "?owner=" + owner);
    if (begin.statusCode() != 303) {
      throw new AssertionError("begin answered " + begin.statusCode() + ": " + begin.body());
    }
    URI authorize = URI.create(begin.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> approved = send(client, HttpRequest.newBuilder(authorize).GET().build());
    URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
    return send(client, HttpRequest.newBuilder(callback).GET().build());
  }

  /** The connection id from a callback's 303 to /console/connections/{id}. */
  static String connectionId(HttpResponse<String> callback) {
    String location = callback.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  @Override
  public void close() {
    server.close();
    emulator.close();
  }
}
