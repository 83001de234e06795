package io.signlink.cli;

/**
 * The exit codes of {@code signlink}, stable for scripts. A connection that does not exist (or a
 * prefix that matches several) exits with {@link #FAILURE}, not {@link #USAGE}: the command line
 * was well formed, the store just holds no such connection, and scripts can tell a typo in the
 * syntax (2) from a missing or expired connection (1, 3).
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** Anything not covered below: unknown connection, configuration, storage, denied consent. */
  public static final int FAILURE = 1;

  /** The command line is wrong (unknown option, missing argument, bad value). */
  public static final int USAGE = 2;

  /** The connection needs the user to consent again ({@code signlink login …}). */
  public static final int REAUTH_REQUIRED = 3;

  /** The provider refused, failed or could not be reached; retrying later may help. */
  public static final int PROVIDER_ERROR = 4;

  private ExitCodes() {}
}
