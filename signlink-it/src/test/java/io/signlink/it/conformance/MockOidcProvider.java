package io.signlink.it.conformance;

import io.signlink.connection.Connection;
import io.signlink.it.providers.ConsentBrowser;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.Headers;

/**
 * A generic OpenID Connect provider that SignLink has no code for: navikt's mock-oauth2-server,
 * configured only by its issuer URL (discovery). It keeps refresh tokens on refresh (no rotation)
 * and announces a revocation endpoint. Its login is non-interactive, so the user cannot decline;
 * faults are answers queued per endpoint ({@link QueuedFaults}).
 */
final class MockOidcProvider implements ProviderUnderTest {
  private static final String ISSUER_ID = "signlink";
  private static final String CLIENT_ID = "signlink-client";

  /**
   * Every token it issues names the user and this client; {@code azp} stays on refreshed ID tokens
   * too (the server's default drops it there, which SignLink refuses, OIDC Core §12.2).
   */
  private static final String CONFIG =
      """
      {"interactiveLogin": false,
       "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": 3600,
         "requestMappings": [{"requestParam": "grant_type", "match": "*",
           "claims": {"sub": "alice", "aud": ["%s"], "azp": "%s"}}]}]}
      """
          .formatted(ISSUER_ID, CLIENT_ID, CLIENT_ID);

  private final QueuedFaults faults = new QueuedFaults();
  private final MockOAuth2Server server =
      new MockOAuth2Server(OAuth2Config.Companion.fromJson(CONFIG), faults);

  MockOidcProvider() {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String id() {
    return "mock";
  }

  @Override
  public String definition() {
    return "oidc";
  }

  @Override
  public Expectations expectations() {
    return new Expectations(true, Expectations.Rotation.REUSED, true, null, "access_denied");
  }

  @Override
  public Map<String, String> settings() {
    return Map.of(
        "SIGNLINK_OIDC_MOCK_ISSUER",
        server.issuerUrl(ISSUER_ID).toString(),
        "SIGNLINK_OIDC_MOCK_CLIENT_ID",
        CLIENT_ID,
        "SIGNLINK_OIDC_MOCK_CLIENT_SECRET",
        "mock-secret");
  }

  @Override
  public MovableClock clock() {
    return null;
  }

  @Override
  public URI approve(URI authorizationUrl) {
    ConsentBrowser.Page page =
        new ConsentBrowser().authorize(authorizationUrl, ConsentBrowser.Answer.ALLOW, null);
    if (page.location() == null) {
      throw new AssertionError("mock-oauth2-server did not redirect: HTTP " + page.status());
    }
    return page.location();
  }

  @Override
  public Optional<URI> deny(URI authorizationUrl) {
    return Optional.empty();
  }

  @Override
  public void refuseIssuedAccessTokens() {
    faults.add(
        "/userinfo", 401, Headers.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), "");
  }

  @Override
  public void forgetGrants() {
    faults.add(
        "/token",
        400,
        Headers.of("Content-Type", "application/json"),
        "{\"error\":\"invalid_grant\",\"error_description\":\"grant revoked\"}");
  }

  @Override
  public void failNextTokenRequests(int n, int status) {
    for (int i = 0; i < n; i++) {
      faults.add("/token", status, Headers.of(), "");
    }
  }

  @Override
  public HttpRequest.Builder testCall(Connection c) {
    return HttpRequest.newBuilder(URI.create(server.userInfoUrl(ISSUER_ID).toString()));
  }

  @Override
  public void reset() {
    faults.clear();
  }

  @Override
  public void close() {
    server.shutdown();
  }

  @Override
  public String toString() {
    return "oidc (mock-oauth2-server)";
  }
}
