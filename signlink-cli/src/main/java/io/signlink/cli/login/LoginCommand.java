package io.signlink.cli.login;

import io.signlink.cli.CliContext;
import io.signlink.cli.CommandFailure;
import io.signlink.cli.DurationConverter;
import io.signlink.cli.ExitCodes;
import io.signlink.cli.Interrupts;
import io.signlink.cli.output.Text;
import io.signlink.connection.Connection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code signlink login <provider>}: a native-app login per RFC 8252, like {@code gh auth login}.
 *
 * <p>Opens a {@link LoopbackListener} on {@code 127.0.0.1:0}, builds the authorization request
 * (PKCE S256 + state, SECURITY.md §pkce) for {@code http://127.0.0.1:{port}/callback}, sends the
 * user's own browser there (SECURITY.md §cli-loopback) or prints the URL, waits (default 5 minutes,
 * Ctrl-C cancels) for the one callback carrying the pending state, and stores the resulting
 * connection in the encrypted store. The port is closed on every path out (SECURITY.md
 * §cli-loopback). Nothing printed contains a code, token or verifier (SECURITY.md §cli-loopback):
 * only the authorization URL and the stored connection's id, owner and account. One instance per
 * invocation.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Sign in at a provider in your browser and store the connection.",
      "Listens on 127.0.0.1 on a free port for the redirect, for this login only."
    })
public final class LoginCommand implements Callable<Integer> {
  /** Who owns the connection when --owner is not given: this variable, else the OS user. */
  public static final String OWNER_ENV = "SIGNLINK_OWNER";

  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<provider>",
      description = "Provider id, e.g. docusign or boldsign.")
  String provider;

  @Option(
      names = "--owner",
      paramLabel = "NAME",
      description = "Owner of the connection (default: $SIGNLINK_OWNER, else your OS user name).")
  String owner;

  @Option(names = "--no-browser", description = "Print the URL instead of opening a browser.")
  boolean noBrowser;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the browser (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  LoginCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    String who = owner != null ? owner : defaultOwner();
    LoginFlow flow = context.runtime().loginFlow(timeout);
    PrintWriter err = context.err();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch reported = new CountDownLatch(1);
    try (LoopbackListener listener = LoopbackListener.open();
        Interrupts.Registration ctrlC =
            context.interrupts().onInterrupt(() -> cancel(listener, interrupted, reported))) {
      LoginFlow.Started started = flow.begin(provider, who, listener.redirectUri());
      listener.expectState(started.state());
      String name = started.providerName() == null ? provider : started.providerName();
      boolean opened = !noBrowser && context.browser().open(started.authorizationUri());
      if (opened) {
        err.println("Opened " + name + " in your browser. If nothing happened, open this URL:");
      } else {
        err.println("Open this URL in your browser to sign in to " + name + ":");
      }
      err.println("  " + started.authorizationUri());
      err.println("Waiting for the browser… (Ctrl-C to cancel)");
      err.flush();
      Optional<LoopbackCallback> callback = listener.await(timeout);
      if (callback.isEmpty() && interrupted.get()) {
        // Said here, before the Ctrl-C hook is released: once it returns the JVM may halt.
        err.println("signlink: Login cancelled; nothing was stored.");
        err.flush();
        return ExitCodes.FAILURE;
      }
      if (callback.isEmpty()) {
        throw new CommandFailure(
            ExitCodes.FAILURE,
            "No answer from the browser within "
                + Text.duration(timeout)
                + "; nothing was stored. Run the command again (--timeout waits longer).");
      }
      Connection connection;
      try {
        connection = flow.complete(callback.get());
      } catch (RuntimeException e) {
        listener.finish(false);
        throw e;
      }
      listener.finish(true);
      report(connection, name);
      return ExitCodes.OK;
    } finally {
      reported.countDown();
    }
  }

  private void report(Connection c, String providerName) {
    String account = c.accountName() != null ? c.accountName() : c.accountId();
    context
        .out()
        .println(
            "Logged in to "
                + Text.oneLine(providerName)
                + " as "
                + Text.oneLine(c.subject())
                + (account == null ? "" : ", account " + Text.oneLine(account))
                + ". Connection "
                + c.id()
                + " (owner "
                + Text.oneLine(c.owner())
                + ").");
    context.out().flush();
  }

  /** Ctrl-C: close the port at once, then let the main thread say so before the JVM exits. */
  private static void cancel(
      LoopbackListener listener, AtomicBoolean interrupted, CountDownLatch reported) {
    interrupted.set(true);
    listener.close();
    try {
      reported.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String defaultOwner() {
    String fromEnv = context.env(OWNER_ENV);
    return fromEnv != null ? fromEnv : System.getProperty("user.name", "default");
  }
}
