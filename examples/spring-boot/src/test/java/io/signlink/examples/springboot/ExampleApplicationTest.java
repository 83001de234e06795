package io.signlink.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.DemoClients;
import io.signlink.test.EmulatedProviders;
import io.signlink.test.SignLinkEmulator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The example as a user meets it: press Connect, allow at DocuSign, see the status changes. */
@SignLinkEmulator(redirectUris = "http://127.0.0.1/signlink/callback/docusign")
class ExampleApplicationTest {
  @TempDir Path dir;

  final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Test
  void connectsDocuSignAndListsStatusChangesWithTheSdk(EmulatedProviders providers)
      throws Exception {
    int port = freePort();
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ExampleApplication.class)
            .run( // command-line arguments: they win over application.properties
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--signlink.public-url=http://127.0.0.1:" + port,
                "--signlink.data-dir=" + dir,
                "--signlink.providers.docusign.client-id=" + DemoClients.DOCUSIGN_INTEGRATION_KEY,
                "--signlink.providers.docusign.client-secret=" + DemoClients.DOCUSIGN_SECRET,
                "--signlink.providers.docusign.account-url="
                    + providers.emulator().docuSignAccountBase())) {
      URI home = URI.create("http://127.0.0.1:" + port + "/");
      assertThat(get(home).body()).contains("action=/signlink/connect/docusign");

      HttpResponse<String> started =
          send(
              HttpRequest.newBuilder(home.resolve("/signlink/connect/docusign"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("return_to=/envelopes"))
                  .build());
      assertThat(started.statusCode()).isEqualTo(303);
      URI callback = location(get(location(started)));
      URI landing = location(get(callback));
      assertThat(landing.getPath()).isEqualTo("/envelopes");

      HttpResponse<String> envelopes = get(landing);
      assertThat(envelopes.statusCode()).as(envelopes.body()).isEqualTo(200);
      assertThat(envelopes.body()).contains("\"status\":\"sent\"");
      assertThat(get(home.resolve("/actuator/health")).body()).contains("\"signlink\"");
    }
  }

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return browser.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static URI location(HttpResponse<?> response) {
    return response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
