package io.signlink.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.connection.Fixtures;
import io.signlink.connection.InMemoryConnectionStore;
import io.signlink.connection.ScriptedRefresher;
import io.signlink.connection.TokenManager;
import io.signlink.provider.api.BearerTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A bearer-protected API on a real socket (the shared WireMock server) and a real token manager
 * over one stored connection whose token {@code at-0} the API refuses: the fixture of the
 * HTTP-client adapter tests. Paths:
 *
 * <ul>
 *   <li>{@code /api/me} (any method): {@code 401 invalid_token} for {@code at-0} (after {@link
 *       #REFUSAL_DELAY}, so concurrent callers overlap), {@code 200 {"ok":true}} for any other
 *       token;
 *   <li>{@code /api/revoked}: {@code 401 invalid_token} for every token;
 *   <li>{@code /api/forbidden}: {@code 403 insufficient_scope} for every token.
 * </ul>
 *
 * <p>The refresher hands out {@code at-1}, {@code at-2}, … and counts its calls. Not thread-safe to
 * build; the parts are thread-safe.
 */
public final class ProtectedApi {
  public static final Duration REFUSAL_DELAY = Duration.ofMillis(150);
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  public final WireMockServer server = SharedWireMock.get();
  public final MutableClock clock = new MutableClock(T0);
  public final InMemoryConnectionStore store = new InMemoryConnectionStore(clock);
  public final ScriptedRefresher refresher = new ScriptedRefresher(clock);
  public final TokenManager manager = TokenManager.builder(store, refresher).clock(clock).build();
  public final Connection connection;

  public ProtectedApi() {
    server.resetAll();
    connection =
        store.put(
            Fixtures.connection(
                "docusign", Fixtures.tokens("at-0", "rt-0", T0, Duration.ofHours(1)), T0));
    server.stubFor(
        any(urlPathEqualTo("/api/me"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer at-0"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withFixedDelay((int) REFUSAL_DELAY.toMillis())
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    server.stubFor(
        any(urlPathEqualTo("/api/me")).atPriority(5).willReturn(okJson("{\"ok\":true}")));
    server.stubFor(
        any(urlPathEqualTo("/api/revoked"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    server.stubFor(
        any(urlPathEqualTo("/api/forbidden"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")));
  }

  /** The connection's token source, as an application would build it. */
  public BearerTokens tokens() {
    return new ConnectionBearerTokens(manager, connection.id());
  }

  public String url(String path) {
    return server.baseUrl() + path;
  }

  /** How many refreshes the token manager sent. */
  public int refreshes() {
    return refresher.calls.get();
  }

  /** The requests the API received at {@code path}, in order. */
  public List<LoggedRequest> requests(String path) {
    return server.findAll(anyRequestedFor(urlPathEqualTo(path)));
  }

  /** The {@code Authorization} headers the API received at {@code path}, in order. */
  public List<String> authorizations(String path) {
    return requests(path).stream().map(r -> r.getHeader("Authorization")).toList();
  }
}
