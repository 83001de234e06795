package io.signlink.cli;

/**
 * A failure the CLI itself reports: its message is the one line shown on stderr, so it must say
 * what to do and hold no secret. Immutable.
 */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;

  public CommandFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
