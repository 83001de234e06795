package io.signlink.provider.docusign;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.signlink.connection.Account;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.oauth.Secret;
import io.signlink.oauth.TokenSet;
import io.signlink.provider.Provider;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.Providers;
import io.signlink.provider.ResolvedIdentity;
import io.signlink.provider.TestHttp;
import io.signlink.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DocuSign {@code /oauth/userinfo} accounts served by a real server (WireMock). */
class DocuSignAccountResolverTest {
  static WireMockServer server;

  MutableClock clock;
  Provider provider;

  @BeforeAll
  static void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void setUp() {
    server.resetAll();
    clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    ProviderProfile profile =
        DocuSignProfiles.at(
                URI.create("http://127.0.0.1:" + server.port() + "/docusign"),
                "ik-123",
                Secret.of("s"),
                false)
            .build();
    provider = Providers.create(profile, new TestHttp(), clock);
  }

  static void serveUserinfo(String accountsJson) {
    server.stubFor(
        get(urlEqualTo("/docusign/oauth/userinfo"))
            .willReturn(
                okJson(
                    "{\"sub\":\"4f1c-user\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\","
                        + "\"accounts\":"
                        + accountsJson
                        + "}")));
  }

  static String account(String id, Object isDefault, String baseUri) {
    String def = isDefault instanceof String s ? "\"" + s + "\"" : String.valueOf(isDefault);
    return "{\"account_id\":\""
        + id
        + "\",\"is_default\":"
        + def
        + ",\"account_name\":\"Acct "
        + id
        + "\","
        + "\"base_uri\":\""
        + baseUri
        + "\",\"organization\":{\"organization_id\":\"o1\",\"links\":[]}}";
  }

  TokenSet tokens(String access) {
    return new TokenSet(
        Secret.of(access),
        "Bearer",
        Secret.of("rt"),
        null,
        Set.of("signature"),
        clock.instant(),
        clock.instant().plus(Duration.ofHours(8)),
        null);
  }

  ResolvedIdentity resolve(String access) {
    return provider.accounts().resolve(provider.profile(), tokens(access), null);
  }

  @Test
  void recordsTheOnlyAccountAsDefault() {
    serveUserinfo("[" + account("a1", "false", "https://demo.docusign.net") + "]");

    ResolvedIdentity who = resolve("at-1");

    assertThat(who.subject()).isEqualTo("4f1c-user");
    assertThat(who.name()).isEqualTo("Ada Lovelace");
    assertThat(who.email()).isEqualTo("ada@example.com");
    assertThat(who.accounts())
        .containsExactly(new Account("a1", "Acct a1", "https://demo.docusign.net", false));
    assertThat(who.defaultAccount())
        .map(Account::accountId)
        .contains("a1"); // no default → the first
  }

  @Test
  void recordsEveryAccountAndPicksTheDefaultGivenAsAString() {
    serveUserinfo(
        "["
            + account("a1", "false", "https://na3.docusign.net")
            + ","
            + account("a2", "true", "https://eu.docusign.net")
            + ","
            + account("a3", "false", "https://ca.docusign.net")
            + "]");

    ResolvedIdentity who = resolve("at-1");

    assertThat(who.accounts()).extracting(Account::accountId).containsExactly("a1", "a2", "a3");
    assertThat(who.defaultAccount()).map(Account::baseUri).contains("https://eu.docusign.net");
  }

  @Test
  void acceptsIsDefaultAsABoolean() {
    serveUserinfo(
        "["
            + account("a1", false, "https://na3.docusign.net")
            + ","
            + account("a2", true, "https://au.docusign.net")
            + "]");

    assertThat(resolve("at-1").defaultAccount()).map(Account::accountId).contains("a2");
  }

  @Test
  void sendsTheAccessTokenOnlyInTheAuthorizationHeader() {
    serveUserinfo("[" + account("a1", true, "https://demo.docusign.net") + "]");

    resolve("at-header");

    server.verify(
        getRequestedFor(urlPathEqualTo("/docusign/oauth/userinfo"))
            .withHeader("Authorization", equalTo("Bearer at-header")));
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/docusign/oauth/userinfo"))))
        .allSatisfy(r -> assertThat(r.getUrl()).doesNotContain("at-header"));
  }

  @Test
  void refusesAUserWithoutAccounts() {
    serveUserinfo("[]");
    assertThatThrownBy(() -> resolve("at-1"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("no account");
  }

  // docs/PROVIDERS.md "DocuSign base URI"
  @Test
  void refusesARelativeOrSchemelessBaseUri() {
    serveUserinfo("[" + account("a1", true, "demo.docusign.net") + "]");
    assertThatThrownBy(() -> resolve("at-1"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("base_uri of DocuSign account a1");

    serveUserinfo("[" + account("a1", true, "/restapi") + "]");
    assertThatThrownBy(() -> resolve("at-2")).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void refusesAPlainHttpBaseUriOutsideLoopback() {
    serveUserinfo("[" + account("a1", true, "http://demo.docusign.net") + "]");
    assertThatThrownBy(() -> resolve("at-1"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("https");
  }

  @Test
  void cachesUserinfoPerAccessTokenForFiveMinutes() {
    serveUserinfo("[" + account("a1", true, "https://demo.docusign.net") + "]");

    resolve("at-1");
    resolve("at-1");
    clock.advance(Duration.ofMinutes(4));
    resolve("at-1");
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/docusign/oauth/userinfo"))))
        .hasSize(1);

    resolve("at-other");
    clock.advance(Duration.ofMinutes(2));
    resolve("at-1");
    assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/docusign/oauth/userinfo"))))
        .hasSize(3);
  }

  @Test
  void classifiesUserinfoFailures() {
    server.stubFor(
        get(urlEqualTo("/docusign/oauth/userinfo"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
    assertThatThrownBy(() -> resolve("at-1"))
        .isInstanceOfSatisfying(
            TransientException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)));

    server.stubFor(
        get(urlEqualTo("/docusign/oauth/userinfo")).willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> resolve("at-2")).isInstanceOf(ProviderRejectedException.class);

    server.stubFor(
        get(urlEqualTo("/docusign/oauth/userinfo"))
            .willReturn(aResponse().withStatus(200).withBody("<html>")));
    assertThatThrownBy(() -> resolve("at-3"))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageNotContaining("<html>");
  }
}
