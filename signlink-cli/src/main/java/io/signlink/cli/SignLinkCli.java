package io.signlink.cli;

import io.signlink.cli.connection.CallCommand;
import io.signlink.cli.connection.ConnectionsCommand;
import io.signlink.cli.connection.RefreshCommand;
import io.signlink.cli.connection.RevokeCommand;
import io.signlink.cli.connection.TokenCommand;
import io.signlink.cli.connection.WhoamiCommand;
import io.signlink.cli.keys.KeysCommand;
import io.signlink.cli.keyset.KeysetCommand;
import io.signlink.cli.login.LoginCommand;
import io.signlink.cli.serve.DemoCommand;
import io.signlink.cli.serve.ServeCommand;
import java.util.List;
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
 * picocli is loaded before a subcommand asks for the runtime, so {@code --version} starts fast. One
 * instance per invocation; not thread-safe.
 */
@Command(
    name = "signlink",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Connect to e-signature providers (BoldSign, DocuSign, OpenID Connect) over OAuth 2.0.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  ok",
      "  1  failure (unknown connection, configuration, an unusable database or keyset, consent"
          + " denied)",
      "  2  usage error",
      "  3  the connection needs re-consent: run `signlink login <provider> --owner <owner>`",
      "  4  the provider refused or failed, or the provider or database could not be reached:"
          + " retry later",
      "130  interrupted (Ctrl-C)"
    })
public final class SignLinkCli implements Callable<Integer> {
  /** Every subcommand, in the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          LoginCommand.class,
          ConnectionsCommand.class,
          TokenCommand.class,
          RefreshCommand.class,
          RevokeCommand.class,
          WhoamiCommand.class,
          CallCommand.class,
          KeysCommand.class,
          KeysetCommand.class,
          ServeCommand.class,
          DemoCommand.class,
          CompletionCommand.class,
          CdsTrainingCommand.class);

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
      LogLevels.verbose(context.env());
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /** Builds the whole command tree bound to {@code context} (help, completion). */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, SUBCOMMANDS);
  }

  /**
   * Builds the tree for one command line with only the subcommands it can need: picocli reflects
   * over every command class it is given, which is most of a short command's start-up time, so
   * {@code signlink token x} models only {@code token} and {@code --version} none at all. Help,
   * completion and unknown commands get the whole tree.
   */
  static CommandLine commandLine(CliContext context, String[] args) {
    return commandLine(context, needed(args));
  }

  static List<Class<?>> needed(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (!arg.startsWith("-")) {
        for (Class<?> c : SUBCOMMANDS) {
          Command command = c.getAnnotation(Command.class);
          if (command.name().equals(arg) || List.of(command.aliases()).contains(arg)) {
            return c == CompletionCommand.class ? SUBCOMMANDS : List.of(c);
          }
        }
        return SUBCOMMANDS;
      }
    }
    boolean versionOnly =
        args.length > 0
            && List.of(args).stream().allMatch(a -> a.equals("-V") || a.equals("--version"));
    return versionOnly ? List.of() : SUBCOMMANDS;
  }

  private static CommandLine commandLine(CliContext context, List<Class<?>> subcommands) {
    FailureReporter failures = new FailureReporter(context);
    CommandFactory factory = new CommandFactory(context);
    CommandLine cmd = new CommandLine(new SignLinkCli(context), factory);
    for (Class<?> c : subcommands) {
      try {
        cmd.addSubcommand(new CommandLine(factory.create(c), factory));
      } catch (Exception e) {
        throw new IllegalStateException("cannot create command " + c.getSimpleName(), e);
      }
    }
    cmd.setOut(context.out());
    cmd.setErr(context.err());
    cmd.setExecutionExceptionHandler(failures);
    cmd.setParameterExceptionHandler(failures);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  /** Runs one command line and returns its exit code; never throws, never exits the JVM. */
  public static int execute(CliContext context, String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Fast path: picocli's own start-up is most of the cost of answering --version.
      for (String line : new VersionProvider().getVersion()) {
        context.out().println(line);
      }
      context.out().flush();
      return ExitCodes.OK;
    }
    int code = commandLine(context, args).execute(args);
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
