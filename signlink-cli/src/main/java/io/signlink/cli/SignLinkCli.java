package io.signlink.cli;

import io.signlink.cli.connection.CallCommand;
import io.signlink.cli.connection.ConnectionsCommand;
import io.signlink.cli.connection.RefreshCommand;
import io.signlink.cli.connection.RevokeCommand;
import io.signlink.cli.connection.TokenCommand;
import io.signlink.cli.connection.WhoamiCommand;
import io.signlink.cli.keys.KeysCommand;
import io.signlink.cli.login.LoginCommand;
import io.signlink.cli.serve.DemoCommand;
import io.signlink.cli.serve.ServeCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code signlink} command: the root of the command tree, and the process entry point.
 *
 * <p>{@link #execute(CliContext, String...)} runs one command line in-process (tests use it with
 * captured streams and a scripted browser); {@link #main} wraps it for a real process. Nothing but
 * picocli is loaded before a subcommand asks for the runtime, so {@code --version} starts fast.
 * One instance per invocation; not thread-safe.
 */
@Command(
    name = "signlink",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Connect to e-signature providers (BoldSign, DocuSign, OpenID Connect) over OAuth 2.0.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  failure (unknown connection, configuration, storage, consent denied)",
      "  2  usage error",
      "  3  the connection needs re-consent: run `signlink login <provider> --owner <owner>`",
      "  4  the provider refused, failed or could not be reached"
    },
    subcommands = {
      LoginCommand.class,
      ConnectionsCommand.class,
      TokenCommand.class,
      RefreshCommand.class,
      RevokeCommand.class,
      WhoamiCommand.class,
      CallCommand.class,
      KeysCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      CompletionCommand.class
    })
public final class SignLinkCli implements Callable<Integer> {
  private final CliContext context;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public SignLinkCli(CliContext context) {
    this.context = context;
  }

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and informational log lines.")
  void verbose(boolean verbose) {
    context.verbose(verbose);
    if (verbose) {
      LogLevels.verbose();
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /** Builds the command tree bound to {@code context}. */
  public static CommandLine commandLine(CliContext context) {
    FailureReporter failures = new FailureReporter(context);
    CommandLine cmd = new CommandLine(new SignLinkCli(context), new CommandFactory(context));
    cmd.setOut(context.out());
    cmd.setErr(context.err());
    cmd.setExecutionExceptionHandler(failures);
    cmd.setParameterExceptionHandler(failures);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  /** Runs one command line and returns its exit code; never throws, never exits the JVM. */
  public static int execute(CliContext context, String... args) {
    int code = commandLine(context).execute(args);
    context.out().flush();
    context.err().flush();
    return code;
  }

  public static void main(String[] args) {
    LogLevels.quietByDefault();
    int code;
    try (CliContext context = CliContext.system()) {
      code = execute(context, args);
    }
    System.exit(code);
  }
}
