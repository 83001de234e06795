package io.signlink.it.conformance;

import io.signlink.connection.Connection;
import io.signlink.emulator.DemoClients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/** BoldSign on the emulator: OpenID Connect, rotating refresh tokens, a revocation endpoint. */
final class EmulatedBoldSign extends EmulatedProvider {

  @Override
  public String id() {
    return "boldsign";
  }

  @Override
  public Expectations expectations() {
    return new Expectations(true, Expectations.Rotation.ROTATING, true, null, "access_denied");
  }

  @Override
  public Map<String, String> settings() {
    return Map.of(
        "SIGNLINK_BOLDSIGN_CLIENT_ID",
        DemoClients.BOLDSIGN_CLIENT_ID,
        "SIGNLINK_BOLDSIGN_CLIENT_SECRET",
        DemoClients.BOLDSIGN_CLIENT_SECRET,
        "SIGNLINK_BOLDSIGN_ACCOUNT_URL",
        emulator.boldSignAccountBase().toString(),
        "SIGNLINK_BOLDSIGN_API_URL",
        emulator.boldSignApiBase().toString());
  }

  @Override
  public HttpRequest.Builder testCall(Connection c) {
    return HttpRequest.newBuilder(URI.create(c.baseUri() + "/document/list?Page=1&PageSize=10"));
  }
}
