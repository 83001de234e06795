package io.signlink.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator as a process: usage errors exit 2; a run prints its URLs and stops cleanly on
 * SIGTERM.
 */
class EmulatorMainTest {

  private static Process launch(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java, "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  @Test
  void badFlagPrintsUsageAndExitsWith2() throws Exception {
    Process p = launch("--bogus");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).contains("unknown option --bogus", "Usage:");
  }

  @Test
  void printsBaseUrlsClientsAndRedirectUrisThenStopsOnSigterm() throws Exception {
    Process p =
        launch(
            "--port",
            "0",
            "--auto-approve",
            "--redirect-uri",
            "http://127.0.0.1:4000/callback/docusign");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder banner = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("Admin:")) {
        banner.append(line).append('\n');
      }
      assertThat(banner)
          .contains(
              "SignLink emulator running on http://127.0.0.1:",
              "/boldsign",
              "/docusign-api",
              DemoClients.BOLDSIGN_CLIENT_ID + " / " + DemoClients.BOLDSIGN_CLIENT_SECRET,
              DemoClients.DOCUSIGN_INTEGRATION_KEY,
              "http://127.0.0.1:4000/callback/docusign");
      p.toHandle()
          .destroy(); // SIGTERM (like Ctrl-C) runs the shutdown hook; Process.destroy would close
      // our pipes
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      StringBuilder rest = new StringBuilder();
      while ((line = out.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(rest).contains("signlink-emulator stopped.");
    } finally {
      p.destroyForcibly();
    }
  }
}
