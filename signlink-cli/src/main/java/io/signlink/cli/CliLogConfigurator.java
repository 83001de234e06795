package io.signlink.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.signlink.cli.logging.LogSetup;

/**
 * Logback set-up for the CLI, found by Logback through {@code META-INF/services}: the short-command
 * mode of {@link LogSetup} (SignLink's warnings on stderr, nothing from libraries, stdout clean for
 * {@code $(signlink token …)}). Programmatic rather than XML because parsing a configuration file
 * costs start-up time. An explicit {@code -Dlogback.configurationFile} or a {@code
 * logback-test.xml} on the class path wins (operators and tests keep control). Thread-safe: Logback
 * calls it once.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CliLogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || CliLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.NEUTRAL;
    }
    LogSetup.command(context, System.getenv());
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
