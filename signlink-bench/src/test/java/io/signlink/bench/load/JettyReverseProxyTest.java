package io.signlink.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The bench's Jetty anchor forwards a call to the emulator unchanged, path and query included. */
class JettyReverseProxyTest {

  @Test
  void forwardsTheCallToTheEmulatorAsItCame() throws Exception {
    try (Emulator emulator =
            Emulator.start(EmulatorConfig.builder().host("127.0.0.1").port(0).build());
        JettyReverseProxy jetty = JettyReverseProxy.start(emulator.boldSignAccountBase())) {
      URI straight =
          URI.create(emulator.boldSignAccountBase() + "/.well-known/openid-configuration?x=1");
      URI through = jetty.through(straight);
      assertThat(through.getPort()).isNotEqualTo(straight.getPort());
      assertThat(through.getRawPath()).isEqualTo(straight.getRawPath());
      assertThat(through.getRawQuery()).isEqualTo("x=1");

      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> direct =
          client.send(
              HttpRequest.newBuilder(straight).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> proxied =
          client.send(
              HttpRequest.newBuilder(through).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(proxied.statusCode()).isEqualTo(200);
      assertThat(proxied.body()).isEqualTo(direct.body()).contains("\"issuer\"");
    }
  }
}
