package io.signlink.it.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionBearerTokens;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.http.JdkHttpTransport;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.api.ApiCallSettings;
import io.signlink.provider.definition.DefinedApi;
import io.signlink.provider.definition.DefinitionHooks;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.ConnectionRemoval;
import io.signlink.runtime.SignLinkRuntime;
import io.signlink.runtime.config.SignLinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's connect flow ({@code SignLinkRuntime.connectFlow().complete(provider, params, …)})
 * for providers whose redirect names the account's server: a connection made on Acrobat Sign's
 * {@code eu1} shard or in Zoho's {@code eu} data centre exchanges, refreshes, calls the API and
 * revokes there — the emulator knows a shard's tokens only on that shard, so any request elsewhere
 * would fail — and a crafted redirect reaches neither the attacker's listening server nor any token
 * endpoint (SECURITY.md §callback-hosts).
 */
class CallbackHostsEndToEndTest {
  private static final String LUCA_EU1 = "CBJCHBCAABAAf4Rt8sK2uLw0bN7cXyJ5";
  private static final String LENA_EU = "20098765432";

  @TempDir Path dataDir;
  private Emulator emu;
  private SignLinkRuntime runtime;
  private WireMockServer attacker;

  @BeforeEach
  void start() {
    emu = Emulator.start(EmulatorConfig.builder().autoApprove(false).build());
    Map<String, String> env = new HashMap<>();
    env.put("SIGNLINK_DATA_DIR", dataDir.toString());
    env.put("SIGNLINK_PUBLIC_URL", "http://127.0.0.1");
    for (String id : new String[] {"acrobatsign", "zohosign"}) {
      Provider provider = emu.provider(id);
      ClientSpec client =
          emu.profile(provider).clients().stream()
              .filter(c -> c.clientSecret() != null)
              .findFirst()
              .orElseThrow();
      String prefix = "SIGNLINK_" + id.toUpperCase(Locale.ROOT) + "_";
      env.put(prefix + "CLIENT_ID", client.clientId());
      env.put(prefix + "CLIENT_SECRET", client.clientSecret());
      emu.signLinkHostSettings(provider)
          .forEach(
              (k, v) -> {
                if (!(id.equals("acrobatsign") && k.equals("API_URL"))) {
                  env.put(prefix + k, v);
                }
              });
    }
    runtime =
        SignLinkRuntime.open(
            SignLinkConfig.fromEnvironment(env), Clock.systemUTC(), new JdkHttpTransport());
    attacker = new WireMockServer(wireMockConfig().dynamicPort());
    attacker.start();
    // answers like a token endpoint, so a leak would look like a success
    attacker.stubFor(
        any(anyUrl())
            .willReturn(
                okJson(
                    "{\"access_token\":\"stolen\",\"token_type\":\"Bearer\","
                        + "\"refresh_token\":\"stolen-rt\",\"expires_in\":3600}")));
  }

  @AfterEach
  void stop() {
    attacker.stop();
    runtime.close();
    emu.close();
  }

  @Test
  void anAcrobatConnectionOnShardEu1RefreshesCallsTheApiAndRevokesOnEu1() {
    Connection c = connect("acrobatsign", LUCA_EU1);
    String eu1 = emu.baseUri() + "/acrobatsign-api/eu1";
    assertThat(c.callbackValues())
        .containsEntry("api_access_point", eu1)
        .containsEntry("web_access_point", emu.baseUri() + "/acrobatsign-web/eu1");
    assertThat(c.baseUri()).isEqualTo(eu1);

    runtime.tokens().forceRefresh(c.id());
    assertThat(emu.stats().count("acrobatsign.token.refresh_token")).isEqualTo(1);
    assertThat(testCall(c)).startsWith("Acrobat Sign agreements:");

    ConnectionRemoval.Outcome removed = runtime.removal().remove(stored(c));
    assertThat(removed.revokedAtProvider())
        .as(String.valueOf(removed.revocationProblem()))
        .isTrue();
    assertThat(emu.stats().count("acrobatsign.revocation")).isEqualTo(1);
  }

  @Test
  void aZohoConnectionInTheEuDataCentreRefreshesCallsTheApiAndRevokesThere() {
    Connection c = connect("zohosign", LENA_EU);
    assertThat(c.callbackValues())
        .containsEntry("location", "eu")
        .containsEntry("accounts-server", emu.baseUri() + "/zoho-accounts/eu");
    assertThat(c.baseUri()).isEqualTo(emu.baseUri() + "/zohosign/eu");

    runtime.tokens().forceRefresh(c.id());
    assertThat(emu.stats().count("zohosign.token.refresh_token")).isEqualTo(1);
    assertThat(testCall(c)).startsWith("Zoho Sign: ");

    ConnectionRemoval.Outcome removed = runtime.removal().remove(stored(c));
    assertThat(removed.revokedAtProvider())
        .as(String.valueOf(removed.revocationProblem()))
        .isTrue();
  }

  @Test
  void aCraftedRedirectReachesNeitherTheAttackerNorTheTokenEndpoint() {
    crafted("acrobatsign", LUCA_EU1, "api_access_point", attacker.baseUrl() + "/");
    crafted("acrobatsign", LUCA_EU1, "api_access_point", "https://api.eu1.adobesign.com.evil.io/");
    crafted("zohosign", LENA_EU, "accounts-server", attacker.baseUrl());
    // a data centre the definition does not know (that location and accounts-server agree is
    // checked against the real hosts, DefinedCallbackValuesTest; the emulator is one prefix)
    crafted("zohosign", LENA_EU, "location", "cn");

    assertThat(attacker.getAllServeEvents()).as("requests the attacker received").isEmpty();
    assertThat(emu.stats().tokenRequests(emu.provider("acrobatsign"))).isZero();
    assertThat(emu.stats().tokenRequests(emu.provider("zohosign"))).isZero();
    assertThat(runtime.connections().list(0, 10)).isEmpty();
  }

  private void crafted(String provider, String user, String name, String value) {
    Map<String, String> params = new HashMap<>(consent(provider, user));
    assertThat(params).containsKey(name);
    params.put(name, value);
    assertThatThrownBy(() -> runtime.connectFlow().complete(provider, params, null))
        .as(name + "=" + value)
        .isInstanceOfSatisfying(
            AuthorizationFlowException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(AuthorizationFlowException.Reason.UNTRUSTED_CALLBACK_VALUE))
        .hasMessageContaining(name);
  }

  private Map<String, String> consent(String provider, String user) {
    AuthorizationStart start = runtime.connectFlow().begin(provider, "alice", null, null);
    URI redirect =
        new ConsentBrowser()
            .authorize(start.authorizationUrl(), ConsentBrowser.Answer.ALLOW, user)
            .location();
    return ConsentBrowser.query(redirect);
  }

  private Connection connect(String provider, String user) {
    return runtime.connectFlow().complete(provider, consent(provider, user), null).connection();
  }

  private Connection stored(Connection c) {
    return runtime.connections().find(c.id()).orElseThrow();
  }

  private String testCall(Connection c) {
    return DefinedApi.forConnection(
            ProviderDefinitions.builtIn().require(c.providerId()),
            DefinitionHooks.builtIn(),
            runtime.http(),
            ApiCallSettings.defaults(),
            stored(c),
            new ConnectionBearerTokens(runtime.tokens(), c.id()))
        .testCall();
  }
}
