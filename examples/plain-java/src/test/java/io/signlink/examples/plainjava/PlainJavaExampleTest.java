package io.signlink.examples.plainjava;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example as a user meets it: press Connect, allow at DocuSign, see the envelopes. */
@SignLinkEmulator
class PlainJavaExampleTest {
  @TempDir Path dir;

  final HttpClient browser =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Test
  void connectsDocuSignAndListsItsEnvelopes(EmulatedProviders providers) throws Exception {
    int port = freePort();
    Map<String, String> env = new HashMap<>(providers.settings());
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    env.put("SIGNLINK_PUBLIC_URL", "http://127.0.0.1:" + port);
    try (PlainJavaExample app = PlainJavaExample.start(env, port)) {
      URI home = URI.create("http://127.0.0.1:" + port + "/");
      assertThat(send(HttpRequest.newBuilder(home).build()).body()).contains("Connect DocuSign");

      HttpResponse<String> started =
          send(
              HttpRequest.newBuilder(home.resolve("/connect/docusign"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      assertThat(started.statusCode()).isEqualTo(303);
      URI callback = location(send(HttpRequest.newBuilder(location(started)).build()));
      HttpResponse<String> completed = send(HttpRequest.newBuilder(callback).build());
      assertThat(completed.statusCode()).isEqualTo(303);

      HttpResponse<String> envelopes =
          send(HttpRequest.newBuilder(home.resolve(location(completed))).build());
      assertThat(envelopes.statusCode()).as(envelopes.body()).isEqualTo(200);
      assertThat(envelopes.body()).containsPattern("\\d+ envelopes\n").contains("sent");
    }
  }

  @Test
  void aCallbackInAnotherBrowserConnectsNothing(EmulatedProviders providers) throws Exception {
    int port = freePort();
    Map<String, String> env = new HashMap<>(providers.settings());
    env.put("SIGNLINK_DATA_DIR", dir.toString());
    env.put("SIGNLINK_PUBLIC_URL", "http://127.0.0.1:" + port);
    try (PlainJavaExample app = PlainJavaExample.start(env, port)) {
      URI connect = URI.create("http://127.0.0.1:" + port + "/connect/docusign");
      HttpResponse<String> started =
          send(HttpRequest.newBuilder(connect).POST(HttpRequest.BodyPublishers.noBody()).build());
      URI callback = location(send(HttpRequest.newBuilder(location(started)).build()));

      HttpResponse<String> other =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(other.statusCode()).isEqualTo(400);
      assertThat(other.body()).contains("another browser");
    }
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
