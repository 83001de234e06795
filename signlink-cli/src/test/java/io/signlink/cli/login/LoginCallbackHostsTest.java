package io.signlink.cli.login;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.cli.support.ScriptedBrowser;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.Provider;
import io.signlink.emulator.profile.ClientSpec;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code signlink login} for providers whose redirect names the account's hosts: the loopback
 * listener passes Acrobat Sign's {@code api_access_point} and Zoho's {@code location}/{@code
 * accounts-server} to the connect flow, which keeps them with the connection — and refuses a
 * redirect that names a host outside the allow-list before the code or the client secret is sent
 * anywhere (SECURITY.md §callback-hosts).
 */
class LoginCallbackHostsTest {
  private CliWorld world;
  private WireMockServer attacker;

  @BeforeEach
  void start() {
    world = CliWorld.start();
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
    world.close();
  }

  private CliRun cli(String id) {
    Emulator emu = world.emulator();
    Provider provider = emu.provider(id);
    ClientSpec client =
        emu.profile(provider).clients().stream()
            .filter(c -> c.clientSecret() != null)
            .findFirst()
            .orElseThrow();
    String prefix = "SIGNLINK_" + id.toUpperCase(Locale.ROOT) + "_";
    CliRun run =
        world
            .cli()
            .env(prefix + "CLIENT_ID", client.clientId())
            .env(prefix + "CLIENT_SECRET", client.clientSecret());
    for (var e : emu.signLinkHostSettings(provider).entrySet()) {
      if (!(id.equals("acrobatsign") && e.getKey().equals("API_URL"))) {
        run = run.env(prefix + e.getKey(), e.getValue());
      }
    }
    return run;
  }

  @Test
  void logsInAtAcrobatSignOnTheUsersShardAndKeepsIt() {
    Emulator emu = world.emulator();
    emu.signInAs(emu.provider("acrobatsign"), "luca.bianchi@example.eu");
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);
    CliRun.Result r =
        cli("acrobatsign").browser(browser).run("login", "acrobatsign", "--owner", "alice");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(world.connections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.callbackValues().get("api_access_point"))
                  .isEqualTo(emu.baseUri() + "/acrobatsign-api/eu1");
              assertThat(c.baseUri()).isEqualTo(emu.baseUri() + "/acrobatsign-api/eu1");
              assertThat(c.email()).isEqualTo("luca.bianchi@example.eu");
            });
  }

  @Test
  void anAcrobatRedirectNamingAnotherApiHostIsRefusedBeforeAnythingIsSentThere() throws Exception {
    ScriptedBrowser browser =
        new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW)
            .rewriteCallback("api_access_point", attacker.baseUrl() + "/");
    CliRun.Result r =
        cli("acrobatsign").browser(browser).run("login", "acrobatsign", "--owner", "alice");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("does not trust").contains("api_access_point");
    assertThat(browser.finalPage.get(10, TimeUnit.SECONDS).body()).contains("Sign-in failed");
    assertThat(attacker.getAllServeEvents()).as("requests the attacker received").isEmpty();
    assertThat(world.emulator().stats().tokenRequests(world.emulator().provider("acrobatsign")))
        .isZero();
    assertThat(world.connections()).isEmpty();
  }

  @Test
  void aZohoRedirectNamingAnotherAccountsServerIsRefusedBeforeAnythingIsSentThere()
      throws Exception {
    ScriptedBrowser browser =
        new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW)
            .rewriteCallback("accounts-server", attacker.baseUrl());
    CliRun.Result r = cli("zohosign").browser(browser).run("login", "zohosign", "--owner", "bob");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err()).contains("accounts-server");
    browser.finalPage.get(10, TimeUnit.SECONDS);
    assertThat(attacker.getAllServeEvents()).as("requests the attacker received").isEmpty();
    assertThat(world.emulator().stats().tokenRequests(world.emulator().provider("zohosign")))
        .isZero();
    assertThat(world.connections()).isEmpty();
  }
}
