package io.signlink.cli.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.CliWorld;
import io.signlink.cli.support.ScriptedBrowser;
import io.signlink.connection.Connection;
import io.signlink.connection.ConnectionEvent;
import io.signlink.connection.ConnectionStatus;
import io.signlink.emulator.EmulatorConfig;
import io.signlink.emulator.Provider;
import io.signlink.emulator.documents.GeneratedBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every connection command on success and on bad input, against the emulator and a real store. */
class ConnectionCommandsTest {
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
  void listsConnectionsAsATableAndAsJsonWithoutTokens() {
    Connection alice = login("docusign", "alice");
    Connection bob = login("boldsign", "bob");

    CliRun.Result table = world.cli().run("connections");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .matches("ID +PROVIDER +OWNER +ACCOUNT +STATUS +EXPIRES IN +USER +REFRESH BY");
    assertThat(table.out())
        .contains(alice.id().substring(0, 8))
        .contains(bob.id().substring(0, 8))
        .contains("docusign")
        .contains("boldsign")
        .contains("ACTIVE")
        .containsPattern("7h 5\\dm");

    CliRun.Result json = world.cli().run("connections", "--json", "--owner", "bob");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out())
        .contains("\"id\" : \"" + bob.id() + "\"")
        .doesNotContain(alice.id())
        .contains("\"hasRefreshToken\" : true")
        .doesNotContain(bob.tokens().accessToken().reveal())
        .doesNotContain(bob.tokens().refreshToken().reveal());
  }

  @Test
  void anEmptyStoreListsNothingAndSaysHowToAddOne() {
    CliRun.Result r = world.cli().run("connections");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("signlink login <provider>");
  }

  @Test
  void tokenPrintsOnlyTheAccessTokenAndANewline() {
    Connection c = login("docusign", "alice");

    CliRun.Result r = world.cli().run("token", c.id().substring(0, 6));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(c.tokens().accessToken().reveal() + "\n");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"token", "refresh", "whoami", "revoke"})
  void anUnknownConnectionExitsWith1AndSaysHowToFindIt(String command) {
    login("docusign", "alice");
    CliRun.Result r = world.cli().run(command, "zzz-no-such-connection");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.err())
        .isEqualTo(
            "signlink: No connection 'zzz-no-such-connection'. Run `signlink connections` to list them.\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void refreshGetsNewTokensAndSaysForHowLongWithoutPrintingThem() {
    Connection c = login("docusign", "alice");

    CliRun.Result r = world.cli().run("refresh", c.id());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "Refreshed "
                + c.id().substring(0, 8)
                + " (docusign, alice): access token valid for 7h");
    Connection after = world.connections().get(0);
    assertThat(after.tokens().accessToken()).isNotEqualTo(c.tokens().accessToken());
    assertThat(r.out() + r.err()).doesNotContain(after.tokens().accessToken().reveal());
    assertThat(world.emulator().stats().tokenRequests(Provider.DOCUSIGN, "refresh_token"))
        .isEqualTo(1);
  }

  @Test
  void aGrantRevokedAtTheProviderNeedsReconsentExit3() {
    Connection c = login("docusign", "alice");
    world.emulator().revokeGrants(Provider.DOCUSIGN, null, null);

    CliRun.Result refresh = world.cli().run("refresh", c.id());
    String advice = "needs re-consent: run `signlink login docusign --owner alice`";
    assertThat(refresh.exitCode()).isEqualTo(ExitCodes.REAUTH_REQUIRED);
    assertThat(refresh.err())
        .isEqualTo(
            "signlink: Connection "
                + c.id().substring(0, 8)
                + " (docusign, alice) "
                + advice
                + "\n");
    assertThat(world.connections().get(0).status()).isEqualTo(ConnectionStatus.REAUTH_REQUIRED);

    CliRun.Result token = world.cli().run("token", c.id());
    assertThat(token.exitCode()).isEqualTo(ExitCodes.REAUTH_REQUIRED);
    assertThat(token.err()).contains(advice);
    assertThat(token.out()).isEmpty();
    assertThat(world.cli().run("connections").out()).contains("REAUTH_REQUIRED");
  }

  @Test
  void aProviderThatIsDownExits4AndKeepsTheConnection() {
    Connection c = login("docusign", "alice");
    world.emulator().faults().failNextTokenRequests(10, 503);

    CliRun.Result r = world.cli().run("refresh", c.id());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.PROVIDER_ERROR);
    assertThat(r.err().lines()).singleElement().asString().startsWith("signlink: ");
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(world.connections().get(0).status()).isEqualTo(ConnectionStatus.ACTIVE);

    world.emulator().close();
    CliRun.Result whoami = world.cli().run("whoami", c.id());
    assertThat(whoami.exitCode()).isEqualTo(ExitCodes.PROVIDER_ERROR);
  }

  @Test
  void verboseAddsTheStackTrace() {
    Connection c = login("docusign", "alice");
    world.emulator().faults().failNextTokenRequests(10, 503);

    CliRun.Result r = world.cli().run("refresh", c.id(), "--verbose");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.PROVIDER_ERROR);
    assertThat(r.err()).contains("\tat io.signlink");
  }

  @Test
  void whoamiAsksTheProviderForTheUserAndAccounts() {
    Connection c = login("docusign", "alice");

    CliRun.Result r = world.cli().run("whoami", c.id());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Provider:   docusign")
        .contains("Subject:    " + c.subject())
        .contains("ACCOUNT ID")
        .contains(c.accountId())
        .contains("* the account this connection uses");
  }

  @Test
  void whoamiRefreshesOnceWhenTheProviderRefusesTheToken() {
    Connection c = login("docusign", "alice");
    world.emulator().expireAccessTokens(); // userinfo now refuses the stored token

    CliRun.Result r = world.cli().run("whoami", c.id());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Subject:    " + c.subject());
    assertThat(world.emulator().stats().tokenRequests(Provider.DOCUSIGN, "refresh_token"))
        .isEqualTo(1);
  }

  @Test
  void callPrintsPrettyJsonAndRefreshesOnceOn401() {
    Connection c = login("docusign", "alice");

    CliRun.Result first = world.cli().run("call", c.id(), "GET", "/");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("{\n").contains(c.accountId());

    world.emulator().expireAccessTokens();
    CliRun.Result second = world.cli().run("call", c.id(), "get", "/");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(world.emulator().stats().tokenRequests(Provider.DOCUSIGN, "refresh_token"))
        .isEqualTo(1);
  }

  @Test
  void callRefusesOtherMethodsAndPathsThatLeaveTheAccount() {
    Connection c = login("docusign", "alice");

    assertThat(world.cli().run("call", c.id(), "POST", "/envelopes").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(world.cli().run("call", c.id(), "GET", "https://evil.example/").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    CliRun.Result dots = world.cli().run("call", c.id(), "GET", "/../../../oauth/userinfo");
    assertThat(dots.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(dots.err()).startsWith("signlink: Refusing that path");
    assertThat(world.cli().run("call", c.id(), "GET").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void callUploadsAFileWithDataAndSavesTheDocumentWithOutput(@TempDir Path dir) throws Exception {
    Connection c = login("docusign", "alice");
    Path draft = dir.resolve("draft.json");
    Files.writeString(draft, "{\"emailSubject\":\"CLI\",\"status\":\"created\"}");
    CliRun.Result created =
        world.cli().run("call", c.id(), "POST", "/envelopes", "--data", "@" + draft);
    assertThat(created.exitCode()).as(created.err()).isZero();
    String envelopeId = new ObjectMapper().readTree(created.out()).get("envelopeId").asText();

    Path pdf = dir.resolve("contract.pdf");
    Files.write(pdf, GeneratedBytes.stream(700_000, 41).readAllBytes());
    CliRun.Result put =
        world
            .cli()
            .run(
                "call",
                c.id(),
                "PUT",
                "/envelopes/" + envelopeId + "/documents/1",
                "--data",
                "@" + pdf);
    assertThat(put.exitCode()).as(put.err()).isZero();

    Path saved = dir.resolve("saved.pdf");
    CliRun.Result get =
        world
            .cli()
            .run(
                "call",
                c.id(),
                "GET",
                "/envelopes/" + envelopeId + "/documents/combined",
                "--output",
                saved.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.out()).contains("Saved 700000 bytes");
    assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(pdf));
  }

  @Test
  void callSendsAMultipartFormWithFiles(@TempDir Path dir) throws Exception {
    Connection c = login("boldsign", "bob");
    Path a = dir.resolve("a.pdf");
    Path b = dir.resolve("b.pdf");
    Files.write(a, GeneratedBytes.stream(90_000, 42).readAllBytes());
    Files.write(b, GeneratedBytes.stream(10_000, 43).readAllBytes());
    CliRun.Result sent =
        world
            .cli()
            .run(
                "call",
                c.id(),
                "POST",
                "/document/send",
                "--form",
                "Title=Offer",
                "--form",
                "Signers={\"name\":\"Ann\",\"emailAddress\":\"ann@example.com\"}",
                "--form",
                "Files=@" + a,
                "--form",
                "Files=@" + b);
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    String documentId = new ObjectMapper().readTree(sent.out()).get("documentId").asText();
    Path saved = dir.resolve("signed.pdf");
    CliRun.Result get =
        world
            .cli()
            .run(
                "call",
                c.id(),
                "GET",
                "/document/download?documentId=" + documentId,
                "-o",
                saved.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(Files.size(saved)).isEqualTo(100_000);
    assertThat(
            world.cli().run("call", c.id(), "GET", "/document/list", "--data", "@" + a).exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void revokeRevokesTheGrantAtBoldSignAndDeletesTheConnection() { // SECURITY.md §revocation
    Connection c = login("boldsign", "bob");

    CliRun.Result r = world.cli().run("revoke", c.id());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "Connection "
                + c.id().substring(0, 8)
                + " (boldsign, bob) revoked at boldsign and deleted.\n");
    assertThat(world.emulator().stats().count("boldsign.revocation")).isEqualTo(1);
    assertThat(world.connections()).isEmpty();
    // announced as a disconnection in the browser is (SECURITY.md §durable-webhooks)
    assertThat(
            world
                .cli()
                .<List<ConnectionEvent>>withRuntime(rt -> rt.store().events().recent(c.id(), 10)))
        .extracting(ConnectionEvent::type)
        .contains(ConnectionEvent.Type.REVOKED, ConnectionEvent.Type.DELETED);
  }

  @Test
  void revokeOfADocuSignConnectionDeletesItAndSaysWhereToEndTheGrant() {
    Connection c = login("docusign", "alice");

    CliRun.Result r = world.cli().run("revoke", c.id());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("docusign has no revocation endpoint");
    assertThat(world.connections()).isEmpty();
  }

  @Test
  void revokeStillDeletesWhenTheProviderIsDown() { // SECURITY.md §revocation
    Connection c = login("boldsign", "bob");
    world.emulator().close();

    CliRun.Result r = world.cli().run("revoke", c.id());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("warning: could not revoke at boldsign");
    assertThat(world.connections()).isEmpty();
  }

  private Connection login(String provider, String owner) {
    CliRun.Result r =
        world
            .cli()
            .browser(new ScriptedBrowser(ScriptedBrowser.Answer.ALLOW))
            .run("login", provider, "--owner", owner, "--timeout", "30s");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return world.connections().stream()
        .filter(c -> c.providerId().equals(provider) && c.owner().equals(owner))
        .findFirst()
        .orElseThrow();
  }
}
