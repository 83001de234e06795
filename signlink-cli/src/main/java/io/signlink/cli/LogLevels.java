package io.signlink.cli;

import ch.qos.logback.classic.LoggerContext;
import io.signlink.cli.logging.LogSetup;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Changes log levels at run time ({@code --verbose}, {@code serve}, {@code demo}). Touches SLF4J
 * only when called, so commands that never log never pay for Logback's start-up. Stateless.
 */
public final class LogLevels {
  private LogLevels() {}

  /** Nothing to do eagerly: {@link CliLogConfigurator} sets the command mode on first use. */
  public static void quietByDefault() {}

  /** {@code --verbose}: SignLink's own informational lines and library warnings too. */
  public static void verbose(Map<String, String> env) {
    context().ifPresent(c -> LogSetup.verbose(c, env));
  }

  /**
   * Long-running commands ({@code serve}, {@code demo}): service log lines on stdout, at {@code
   * SIGNLINK_LOG_LEVEL}, as text or JSON.
   *
   * @throws io.signlink.error.ConfigurationException for an unknown level or format
   */
  public static void service(Map<String, String> env) {
    LogSetup.validate(env);
    context().ifPresent(c -> LogSetup.service(c, env));
  }

  /**
   * {@code demo}: like {@link #service} but warnings only unless {@code SIGNLINK_LOG_LEVEL} says.
   */
  public static void demo(Map<String, String> env) {
    LogSetup.validate(env);
    context().ifPresent(c -> LogSetup.service(c, env, ch.qos.logback.classic.Level.WARN));
  }

  private static Optional<LoggerContext> context() {
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext c
        ? Optional.of(c)
        : Optional.empty();
  }
}
