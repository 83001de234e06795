package io.signlink.cli;

import org.slf4j.LoggerFactory;

/**
 * Changes log levels at run time ({@code --verbose}, {@code serve}, {@code demo}). Touches SLF4J
 * only when called, so commands that never log never pay for Logback's start-up. Stateless.
 */
public final class LogLevels {
  private LogLevels() {}

  /** Nothing to do eagerly: {@link CliLogConfigurator} sets WARN when Logback first starts. */
  public static void quietByDefault() {}

  /** {@code --verbose}: SignLink's own informational lines too. */
  public static void verbose() {
    set("io.signlink", "INFO");
  }

  /** Long-running commands show SignLink's start-up and request lines. */
  public static void server() {
    set("io.signlink", "INFO");
  }

  private static void set(String logger, String level) {
    if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.toLevel(level));
    }
  }
}
