package io.signlink.it.conformance;

import io.signlink.connection.Connection;
import io.signlink.emulator.DemoClients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * DocuSign on the emulator: rotating refresh tokens that die after 30 days unused, no revocation
 * endpoint (disconnecting deletes locally), the account's own {@code base_uri}.
 */
final class EmulatedDocuSign extends EmulatedProvider {

  @Override
  public String id() {
    return "docusign";
  }

  @Override
  public Expectations expectations() {
    return new Expectations(
        true, Expectations.Rotation.ROTATING, false, Duration.ofDays(30), "access_denied");
  }

  @Override
  public Map<String, String> settings() {
    return Map.of(
        "SIGNLINK_DOCUSIGN_CLIENT_ID", DemoClients.DOCUSIGN_INTEGRATION_KEY,
        "SIGNLINK_DOCUSIGN_CLIENT_SECRET", DemoClients.DOCUSIGN_SECRET,
        "SIGNLINK_DOCUSIGN_ACCOUNT_URL", emulator.docuSignAccountBase().toString());
  }

  @Override
  public HttpRequest.Builder testCall(Connection c) {
    return HttpRequest.newBuilder(
        URI.create(c.baseUri() + "/restapi/v2.1/accounts/" + c.accountId()));
  }
}
