package io.signlink.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.signlink.cli.support.CliRun;
import io.signlink.cli.support.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @Test
  void runsTheServiceAndEmulatorOnLoopbackUntilCtrlC(@TempDir Path dir) throws Exception {
    CompletableFuture<URI> console = new CompletableFuture<>();
    CliRun run = new CliRun().browser(uri -> console.complete(uri));
    CompletableFuture<CliRun.Result> demo =
        CompletableFuture.supplyAsync(
            () -> run.run("demo", "--port", "0", "--data-dir", dir.toString()));

    URI base = console.get(60, TimeUnit.SECONDS);
    assertThat(base.getHost()).isEqualTo("127.0.0.1");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Files.exists(dir.resolve("keyset.json"))).as("generated keyset").isTrue();

    Path settings = dir.resolve("cli.properties");
    CliRun.Result login =
        new CliRun()
            .env("SIGNLINK_CONFIG", settings.toString())
            .browser(
                new io.signlink.cli.support.ScriptedBrowser(
                    io.signlink.cli.support.ScriptedBrowser.Answer.ALLOW))
            .runtime(io.signlink.cli.CliRuntime::open)
            .run("login", "boldsign", "--owner", "alice");
    assertThat(login.exitCode()).as(login.err()).isZero();
    CliRun.Result list =
        new CliRun()
            .env("SIGNLINK_CONFIG", settings.toString())
            .runtime(io.signlink.cli.CliRuntime::open)
            .run("connections", "--json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).contains("boldsign").contains("alice");

    run.pressCtrlC();
    CliRun.Result r = demo.get(30, TimeUnit.SECONDS);
    assertThat(r.exitCode()).isZero();
    assertThat(r.err())
        .contains("SignLink demo is running (Ctrl-C to stop).")
        .contains("Console:   " + base)
        .contains("export SIGNLINK_CONFIG=" + dir.resolve("cli.properties"))
        .contains("Demo stopped.");
    assertThat(RawHttp.isClosed(base.getPort())).isTrue();
  }

  @Test
  void aDemoThatCannotStartSaysWhichPortAndLeavesNoTemporaryFolder() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    java.util.Set<Path> before = demoFolders(tmp);
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun.Result r =
          new CliRun()
              .run("demo", "--no-browser", "--port", Integer.toString(taken.getLocalPort()));

      assertThat(r.exitCode()).isEqualTo(io.signlink.cli.ExitCodes.FAILURE);
      assertThat(r.err()).contains("already in use").contains("--port");
    }
    assertThat(demoFolders(tmp)).isSubsetOf(before);
  }

  private static java.util.Set<Path> demoFolders(Path tmp) throws java.io.IOException {
    try (var files = Files.list(tmp)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("signlink-demo-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void aDemoRestartedOnItsDataFolderKeepsEveryConnectionWorking(@TempDir Path dir)
      throws Exception {
    Path settings = dir.resolve("cli.properties");
    Demo first = Demo.start(dir);
    String boldSign = login(settings, "boldsign");
    String docuSign = login(settings, "docusign");
    first.stop();

    Demo second = Demo.start(dir);
    try {
      for (String id : List.of(boldSign, docuSign)) {
        CliRun.Result refresh = cli(settings).run("refresh", id);
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        CliRun.Result token = cli(settings).run("token", id);
        assertThat(token.exitCode()).as(token.err()).isZero();
      }
      CliRun.Result call = cli(settings).run("call", docuSign, "GET", "/");
      assertThat(call.exitCode()).as(call.err()).isZero();
      assertThat(call.out()).contains("accountName");
    } finally {
      second.stop();
    }
  }

  @Test
  void theDemoConnectsAcrobatSignAndZohoSignOnTheirShardAndDataCentre(@TempDir Path dir)
      throws Exception {
    Path settings = dir.resolve("cli.properties");
    Demo demo = Demo.start(dir);
    try {
      for (String provider : List.of("acrobatsign", "zohosign")) {
        String id = login(settings, provider);
        CliRun.Result refresh = cli(settings).run("refresh", id);
        assertThat(refresh.exitCode()).as(refresh.err()).isZero();
        String path = provider.equals("acrobatsign") ? "/agreements" : "/requests";
        CliRun.Result call = cli(settings).run("call", id, "GET", path);
        assertThat(call.exitCode()).as(call.err()).isZero();
        assertThat(call.out())
            .contains(provider.equals("acrobatsign") ? "userAgreementList" : "requests");
      }
    } finally {
      CliRun.Result r = demo.stop();
      assertThat(r.err())
          .contains("Acrobat Sign")
          .contains("Zoho Sign")
          .doesNotContain("not in the demo yet");
    }
  }

  private static CliRun cli(Path settings) {
    return new CliRun()
        .env("SIGNLINK_CONFIG", settings.toString())
        .runtime(io.signlink.cli.CliRuntime::open);
  }

  private static String login(Path settings, String provider) {
    CliRun.Result login =
        cli(settings)
            .browser(
                new io.signlink.cli.support.ScriptedBrowser(
                    io.signlink.cli.support.ScriptedBrowser.Answer.ALLOW))
            .run("login", provider, "--owner", "alice");
    assertThat(login.exitCode()).as(login.err()).isZero();
    String out = login.out() + login.err();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Connection ([0-9a-f-]{36})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  /** A demo running on a kept data folder until {@link #stop()}. */
  private record Demo(CliRun run, CompletableFuture<CliRun.Result> result) {
    static Demo start(Path dir) throws Exception {
      CompletableFuture<URI> console = new CompletableFuture<>();
      CliRun run = new CliRun().browser(console::complete);
      CompletableFuture<CliRun.Result> result =
          CompletableFuture.supplyAsync(
              () -> run.run("demo", "--port", "0", "--data-dir", dir.toString()));
      console.get(60, TimeUnit.SECONDS);
      return new Demo(run, result);
    }

    CliRun.Result stop() throws Exception {
      run.pressCtrlC();
      CliRun.Result r = result.get(30, TimeUnit.SECONDS);
      assertThat(r.exitCode()).as(r.err()).isZero();
      return r;
    }
  }
}
