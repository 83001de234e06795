package io.signlink.cli.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.cli.support.ScriptedBrowser;
import io.signlink.emulator.Emulator;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code signlink login} for a provider whose definition is a file in the directory {@code
 * SIGNLINK_PROVIDER_DEFINITIONS} names ("Ink Sign", on no class path list): the CLI reads the
 * directory as the server does, and a broken file stops the command naming the setting and the key.
 */
class LoginDefinitionFileTest {
  static final String INK =
      """
      {
        "schema": 1,
        "id": "ink",
        "display_name": "Ink Sign",
        "variables": {"account": "https://auth.ink.example", "api": "https://api.ink.example"},
        "endpoints": {
          "authorization": "{account}/oauth/authorize",
          "token": "{account}/oauth/token"
        },
        "client_auth": "client_secret_basic",
        "scopes": {"default": ["documents:read"]},
        "identity": {"endpoint": "{base_uri}/me", "subject": "/id", "name": "/name", "email": "/email"},
        "api": {"base": "{api}", "path": "/v3", "auth_scheme": "Ink-token"}
      }
      """;

  private CliWorld world;
  private Path definitions;

  @BeforeEach
  void start() throws Exception {
    world =
        CliWorld.start(
            EmulatorConfig.builder()
                .autoApprove(false)
                .profileResource("/emulator-profiles/ink.json")
                .build());
    definitions = Files.createDirectories(world.dataDir().resolve("providers"));
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private CliRun cli() {
    Emulator emu = world.emulator();
    Provider ink = emu.provider("ink");
    return world
        .cli()
        .env("SIGNLINK_PROVIDER_DEFINITIONS", definitions.toString())
        .env("SIGNLINK_INK_CLIENT_ID", "ink-demo-client")
        .env("SIGNLINK_INK_CLIENT_SECRET", "ink-demo-secret")
        .env("SIGNLINK_INK_ACCOUNT_URL", emu.accountBase(ink).toString())
        .env("SIGNLINK_INK_API_URL", emu.apiBase(ink).toString());
  }

  @Test
  void logsInAtAProviderDefinedByAFile() throws Exception {
    Files.writeString(definitions.resolve("ink.json"), INK);
    ScriptedBrowser browser = new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW);

    CliRun.Result r =
        cli().browser(browser).run("login", "ink", "--owner", "ada", "--timeout", "30s");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Logged in to Ink Sign as ").contains("(owner ada)");
    assertThat(world.connections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.providerId()).isEqualTo("ink");
              assertThat(c.email()).isEqualTo("ada@ink.example");
            });
  }

  @Test
  void aBrokenDefinitionFileStopsTheCommandNamingTheSettingTheFileAndTheKey() throws Exception {
    Files.writeString(
        definitions.resolve("ink.json"), INK.replace("\"client_auth\"", "\"client_authn\""));

    CliRun.Result r = cli().run("connections");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("SIGNLINK_PROVIDER_DEFINITIONS")
        .contains(definitions.resolve("ink.json").toString())
        .contains("client_authn");
  }
}
