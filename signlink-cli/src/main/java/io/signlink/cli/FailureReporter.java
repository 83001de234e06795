package io.signlink.cli;

import io.signlink.cli.output.Text;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.InvalidResponseException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.ReauthRequiredException;
import io.signlink.error.SignLinkException;
import io.signlink.error.TransientException;
import picocli.CommandLine;

/**
 * Turns whatever a command threw into one line on stderr and an exit code (see {@link ExitCodes}).
 * A stack trace only with {@code --verbose}: users get a sentence that says what to do. Messages of
 * SignLink exceptions hold no secrets by contract (SECURITY.md §redaction, §errors); they are still
 * put on one line with control characters removed, since some carry provider text (SECURITY.md
 * §log-injection). Thread-safe (stateless apart from the context it writes to).
 */
final class FailureReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final CliContext context;

  FailureReporter(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    Throwable failure = unwrap(ex);
    context.err().println("signlink: " + Text.oneLine(message(failure)));
    if (context.verbose()) {
      failure.printStackTrace(context.err());
    }
    context.err().flush();
    return exitCode(failure);
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    context.err().println("signlink: " + Text.oneLine(ex.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, context.err());
    context.err().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    context.err().flush();
    return ExitCodes.USAGE;
  }

  /** The exit code for a failure; {@link ExitCodes#FAILURE} for anything unexpected. */
  static int exitCode(Throwable failure) {
    if (failure instanceof CommandFailure f) {
      return f.exitCode();
    }
    if (failure instanceof ReauthRequiredException) {
      return ExitCodes.REAUTH_REQUIRED;
    }
    if (failure instanceof ProviderRejectedException
        || failure instanceof TransientException
        || failure instanceof InvalidResponseException) {
      return ExitCodes.PROVIDER_ERROR;
    }
    return ExitCodes.FAILURE;
  }

  static String message(Throwable failure) {
    if (failure instanceof ReauthRequiredException r) {
      return "Connection "
          + r.connectionId()
          + " needs re-consent: run `signlink login`"
          + " for its provider and owner (see `signlink connections`)";
    }
    if (failure instanceof AuthorizationFlowException a) {
      return "Login failed: " + a.getMessage();
    }
    if (failure instanceof CommandFailure || failure instanceof SignLinkException) {
      return failure.getMessage();
    }
    String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage();
    return "unexpected "
        + failure.getClass().getSimpleName()
        + detail
        + " (run again with --verbose for details)";
  }

  private static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
