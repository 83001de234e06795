package io.signlink.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.cli.support.ScriptedBrowser;
import io.signlink.connection.Connection;
import io.signlink.emulator.EmulatorConfig;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
  private CliWorld world;

  @BeforeEach
  void start() {
    world = CliWorld.start(EmulatorConfig.builder().autoApprove(true).build());
  }

  @AfterEach
  void stop() {
    world.close();
  }

  @Test
  void createPrintsTheNewApiKeyOnceAndAloneOnStdout() {
    CliRun.Result r = world.cli().run("keys", "create", "billing-app");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).matches("sk_[A-Za-z0-9_-]{20,}\n");
    assertThat(r.err()).contains("billing-app").contains("cannot be shown again");
    String key = r.out().strip();
    assertThat(world.cli().<Boolean>withRuntime(rt -> rt.store().apiKeys().verify(key).isPresent()))
        .isTrue();

    CliRun.Result list = world.cli().run("keys", "list");
    assertThat(list.out()).contains("billing-app").doesNotContain(key);
  }

  @Test
  void keysBelongToAnApplicationWithScopesAndExpiryAndCanBeRevoked() {
    CliRun.Result app =
        world
            .cli()
            .run(
                "apps",
                "create",
                "acme",
                "--name",
                "Acme Inc.",
                "--return-url",
                "https://acme.example/done",
                "--webhook-url",
                "https://acme.example/hook",
                "--tag",
                "tier=gold");
    assertThat(app.exitCode()).as(app.err()).isZero();
    assertThat(app.out()).matches("whsec_[A-Za-z0-9_-]{40,}\n");
    CliRun.Result apps = world.cli().run("apps", "list");
    assertThat(apps.out())
        .contains("default")
        .contains("Acme Inc.")
        .contains("https://acme.example/done")
        .contains("tier=gold")
        .doesNotContain(app.out().strip());

    CliRun.Result r =
        world
            .cli()
            .run(
                "keys",
                "create",
                "acme-reader",
                "--app",
                "acme",
                "--scope",
                "tokens:read",
                "--scope",
                "connect-sessions:create",
                "--expires",
                "30d");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String key = r.out().strip();
    assertThat(r.err())
        .contains("application acme")
        .contains("tokens:read connect-sessions:create")
        .contains("expiring");
    var verified = world.cli().withRuntime(rt -> rt.store().apiKeys().verify(key).orElseThrow());
    assertThat(verified.applicationId()).isEqualTo("acme");
    assertThat(verified.expiresAt()).isNotNull();

    CliRun.Result list = world.cli().run("keys", "list", "--app", "acme");
    assertThat(list.out())
        .contains("acme-reader")
        .contains("tokens:read,connect-sessions:create")
        .contains("never")
        .doesNotContain(key);

    CliRun.Result revoke = world.cli().run("keys", "revoke", verified.id());
    assertThat(revoke.exitCode()).as(revoke.err()).isZero();
    assertThat(revoke.out()).contains("Revoked API key " + verified.id());
    assertThat(world.cli().<Boolean>withRuntime(rt -> rt.store().apiKeys().verify(key).isPresent()))
        .isFalse();
    assertThat(world.cli().run("keys", "revoke", "no-such-key").exitCode())
        .isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void createRefusesAnUnknownScopeOrApplication() {
    CliRun.Result scope = world.cli().run("keys", "create", "x", "--scope", "everything");
    assertThat(scope.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(scope.err()).contains("unknown scope 'everything'").contains("tokens:read");
    CliRun.Result app = world.cli().run("keys", "create", "x", "--app", "nobody");
    assertThat(app.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(app.err()).contains("no application 'nobody'");
    CliRun.Result expiry = world.cli().run("keys", "create", "x", "--expires", "soon");
    assertThat(expiry.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(expiry.err()).contains("--expires");
  }

  @Test
  void rotateAddsAKeyReencryptsEveryRowAndTokensStillDecrypt()
      throws Exception { // SECURITY.md §key-management
    CliRun.Result login =
        world
            .cli()
            .browser(new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW))
            .run("login", "docusign", "--owner", "alice");
    assertThat(login.exitCode()).as(login.err()).isZero();
    Connection before = world.connections().get(0);
    String keysetBefore = Files.readString(world.dataDir().resolve("keyset.json"));

    CliRun.Result r = world.cli().run("keys", "rotate");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("Adding a new primary key").contains("Re-encrypted 1 rows");
    assertThat(r.out()).startsWith("Keys rotated: primary key ").contains("none left on old keys");
    assertThat(Files.readString(world.dataDir().resolve("keyset.json"))).isNotEqualTo(keysetBefore);
    CliRun.Result token = world.cli().run("token", before.id());
    assertThat(token.exitCode()).isZero();
    assertThat(token.out()).isEqualTo(before.tokens().accessToken().reveal() + "\n");
  }

  @Test
  void keysWithoutASubcommandIsAUsageError() {
    assertThat(world.cli().run("keys").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(world.cli().run("keys", "create").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
