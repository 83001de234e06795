package io.signlink.emulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.signlink.emulator.profile.Profile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar signlink-emulator-…-all.jar [options]}: runs the emulator until Ctrl-C and
 * prints where everything is. Exit codes: 0 after a clean stop, 1 if it cannot start (port in use),
 * 2 for a bad command line.
 *
 * <p>Not meant to be used as a class; the JVM calls {@link #main}.
 */
public final class EmulatorMain {

  private EmulatorMain() {}

  public static void main(String[] args) {
    CliOptions options;
    try {
      options = CliOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("signlink-emulator: " + e.getMessage());
      System.err.println();
      System.err.println(CliOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.println(CliOptions.USAGE);
      return;
    }
    quietLibraries();
    Emulator emulator;
    try {
      emulator = Emulator.start(options.config.build());
    } catch (RuntimeException e) {
      System.err.println(
          "signlink-emulator: could not start: "
              + rootMessage(e)
              + " (is the port already in use? try --port 0)");
      System.exit(1);
      return;
    }
    if (options.jwtPrivateKeyOut != null && !writeJwtKey(emulator, options)) {
      emulator.close();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  System.out.println("signlink-emulator stopped.");
                  stopped.countDown();
                },
                "emulator-shutdown"));
    printBanner(emulator, options, System.out);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void printBanner(Emulator emu, CliOptions options, PrintStream out) {
    out.println("SignLink emulator running on " + emu.baseUri() + "  (Ctrl-C to stop)");
    out.println();
    out.println("BoldSign");
    out.println("  issuer / account base  " + emu.boldSignAccountBase());
    out.println(
        "  discovery              "
            + emu.boldSignAccountBase()
            + "/.well-known/openid-configuration");
    out.println("  API base               " + emu.boldSignApiBase() + "/v1");
    out.println(
        "  client                 "
            + DemoClients.BOLDSIGN_CLIENT_ID
            + " / "
            + DemoClients.BOLDSIGN_CLIENT_SECRET);
    out.println("  public client (PKCE)   " + DemoClients.BOLDSIGN_PUBLIC_CLIENT_ID);
    out.println("  X-API-KEY              " + DemoClients.BOLDSIGN_API_KEY);
    out.println("DocuSign");
    out.println(
        "  account base           "
            + emu.docuSignAccountBase()
            + "  (/oauth/auth, /oauth/token, /oauth/userinfo)");
    out.println(
        "  API base_uri           " + emu.docuSignApiBase() + "  (REST under /restapi/v2.1)");
    out.println(
        "  integration key        "
            + DemoClients.DOCUSIGN_INTEGRATION_KEY
            + " / "
            + DemoClients.DOCUSIGN_SECRET);
    out.println("  public key (PKCE)      " + DemoClients.DOCUSIGN_PUBLIC_INTEGRATION_KEY);
    out.println(
        "  JWT grant aud          "
            + emu.docuSignJwtAudience()
            + (options.jwtPrivateKeyOut != null
                ? "  (private key in " + options.jwtPrivateKeyOut + ")"
                : ""));
    for (Provider provider : emu.providers()) {
      Profile profile = emu.profile(provider);
      if (!profile.routes().equals("generic")) {
        continue;
      }
      out.println(provider.displayName());
      out.println(
          "  authorize              " + emu.accountBase(provider) + profile.authorize().path());
      out.println("  API base               " + emu.apiBase(provider) + regions(profile));
      profile.clients().stream()
          .filter(c -> c.clientSecret() != null)
          .forEach(
              c ->
                  out.println(
                      "  client                 "
                          + c.clientId()
                          + " / "
                          + c.clientSecret()
                          + (c.region() != null ? "  (" + c.region() + ")" : "")));
    }
    out.println();
    out.println("Redirect URIs accepted by the demo clients (http://127.0.0.1 entries: any port):");
    emu.clients().stream()
        .filter(
            c ->
                c.clientId().equals(DemoClients.BOLDSIGN_CLIENT_ID)
                    || c.clientId().equals(DemoClients.DOCUSIGN_INTEGRATION_KEY))
        .forEach(
            c ->
                c.redirectUris()
                    .forEach(uri -> out.println("  " + c.provider().displayName() + "  " + uri)));
    out.println();
    out.println(
        "Users: "
            + String.join(
                "; ",
                emu.providers().stream()
                    .map(
                        p ->
                            String.join(", ", emu.users(p).stream().map(SeedUser::email).toList())
                                + " ("
                                + p.displayName()
                                + ")")
                    .toList()));
    out.println(
        "Consent: "
            + (emu.config().autoApprove()
                ? "auto-approved for the first user (or login_hint)"
                : "shown in the browser (Allow / Deny)"));
    out.println(
        "Admin:   "
            + emu.baseUri()
            + "/_emulator  (stats, keys/rotate, tokens/expire, grants/revoke)");
    out.flush();
  }

  private static String regions(Profile profile) {
    return profile.regions().isEmpty()
        ? ""
        : "  (first of regions " + String.join(", ", profile.regions()) + ")";
  }

  private static boolean writeJwtKey(Emulator emu, CliOptions options) {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(emu.docuSignJwtKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    try {
      Files.writeString(options.jwtPrivateKeyOut, pem);
      return true;
    } catch (IOException e) {
      System.err.println(
          "signlink-emulator: cannot write " + options.jwtPrivateKeyOut + ": " + e.getMessage());
      return false;
    }
  }

  /** The emulator ships no logback.xml (it is also a library); keep Jetty quiet when run alone. */
  private static void quietLibraries() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
      context.getLogger("io.javalin").setLevel(Level.WARN);
      context.getLogger("io.signlink.emulator").setLevel(Level.INFO);
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
