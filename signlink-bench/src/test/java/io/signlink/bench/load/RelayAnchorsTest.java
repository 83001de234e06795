package io.signlink.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each relay the bench reads the proxy against forwards a call to the emulator unchanged. */
class RelayAnchorsTest {

  static Relay start(String which, URI target) throws IOException {
    return switch (which) {
      case "jetty" -> JettyReverseProxy.start(target);
      case "bare" -> BareRelay.start(target);
      default -> BlockingRelay.start(target);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"jetty", "bare", "blocking"})
  void forwardsTheCallToTheEmulatorAsItCame(String which) throws Exception {
    try (Emulator emulator =
            Emulator.start(EmulatorConfig.builder().host("127.0.0.1").port(0).build());
        Relay relay = start(which, emulator.boldSignAccountBase())) {
      URI straight =
          URI.create(emulator.boldSignAccountBase() + "/.well-known/openid-configuration?x=1");
      URI through = relay.through(straight);
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
