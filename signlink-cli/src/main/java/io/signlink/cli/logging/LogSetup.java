package io.signlink.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import io.signlink.error.ConfigurationException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventPatternJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.Logger;

/**
 * The one place that decides what the {@code signlink} command logs, where, and how. Three modes:
 *
 * <ul>
 *   <li><b>command</b> (default): SignLink's own warnings on stderr, no library lines at all, so a
 *       friendly error is not preceded by a Hikari or Jetty warning and stdout stays clean for
 *       {@code $(signlink token …)};
 *   <li><b>verbose</b> ({@code --verbose}): SignLink's informational lines and library warnings;
 *   <li><b>service</b> ({@code serve}, {@code demo}): one line per event on stdout — {@code
 *       key=value} text or JSON ({@code SIGNLINK_LOG_FORMAT=json}, through logstash-logback-encoder
 *       for log pipelines) — with the access log, at {@code SIGNLINK_LOG_LEVEL} (default INFO).
 * </ul>
 *
 * Every mode passes messages and stack traces through the redacting converters (SECURITY.md
 * §redaction, §log-injection). {@code SIGNLINK_LOG_LEVEL} applies in every mode. Thread-safe in the
 * way Logback is: reconfiguration happens once, before a command runs its work.
 */
public final class LogSetup {
  public static final String LEVEL = "SIGNLINK_LOG_LEVEL";
  public static final String FORMAT = "SIGNLINK_LOG_FORMAT";

  private static final List<String> LIBRARIES =
      List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb");
  private static final String TEXT_PATTERN =
      "ts=%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} level=%level logger=%logger{24} thread=%thread"
          + " msg=\"%redacted\"%n%redactedEx";

  private LogSetup() {}

  /** The short-command set-up: SignLink's warnings (or {@code SIGNLINK_LOG_LEVEL}) on stderr. */
  public static void command(LoggerContext context, Map<String, String> env) {
    Level signlink = levelOr(env, Level.WARN);
    reset(context, "System.err", textEncoder(context, "%level %logger{0}: %redacted%n"));
    context.getLogger("io.signlink").setLevel(signlink);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
  }

  /** {@code --verbose}: SignLink at INFO (or lower if asked), libraries' warnings too. */
  public static void verbose(LoggerContext context, Map<String, String> env) {
    Level signlink = levelOr(env, Level.INFO);
    context
        .getLogger("io.signlink")
        .setLevel(signlink.isGreaterOrEqual(Level.INFO) ? Level.INFO : signlink);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
  }

  /**
   * The long-running service's set-up.
   *
   * @throws ConfigurationException naming {@code SIGNLINK_LOG_LEVEL} or {@code SIGNLINK_LOG_FORMAT}
   *     when a value is not one SignLink knows
   */
  public static void service(LoggerContext context, Map<String, String> env) {
    service(context, env, Level.INFO);
  }

  /** The service's set-up with another default level (the demo's terminal shows warnings only). */
  public static void service(LoggerContext context, Map<String, String> env, Level byDefault) {
    Level level = level(env).orElse(byDefault);
    Encoder<ILoggingEvent> encoder =
        json(env) ? jsonEncoder(context) : textEncoder(context, TEXT_PATTERN);
    reset(context, "System.out", encoder);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
    context.getLogger("io.signlink").setLevel(level);
    Level libraries = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
    LIBRARIES.forEach(name -> context.getLogger(name).setLevel(libraries));
  }

  /** Validates both settings without applying them (for the service, before it starts). */
  public static void validate(Map<String, String> env) {
    level(env);
    json(env);
  }

  static java.util.Optional<Level> level(Map<String, String> env) {
    String value = env.get(LEVEL);
    if (value == null || value.isBlank()) {
      return java.util.Optional.empty();
    }
    String v = value.trim().toUpperCase(Locale.ROOT);
    if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(v)) {
      throw new ConfigurationException(
          LEVEL,
          "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (not '" + value.trim() + "')");
    }
    return java.util.Optional.of(Level.toLevel(v));
  }

  static boolean json(Map<String, String> env) {
    String value = env.get(FORMAT);
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("text")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("json")) {
      return true;
    }
    throw new ConfigurationException(FORMAT, "must be text or json (not '" + value.trim() + "')");
  }

  /** A short command must not fail on a log setting; an unusable value falls back quietly. */
  private static Level levelOr(Map<String, String> env, Level fallback) {
    try {
      return level(env).orElse(fallback);
    } catch (ConfigurationException e) {
      return fallback;
    }
  }

  private static void reset(LoggerContext context, String target, Encoder<ILoggingEvent> encoder) {
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(target.equals("System.out") ? "stdout" : "stderr");
    console.setTarget(target);
    console.setEncoder(encoder);
    console.start();
    root.addAppender(console);
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context, String pattern) {
    registerConverters(context);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    registerConverters(context);
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(context);
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp =
        new LoggingEventFormattedTimestampJsonProvider();
    timestamp.setFieldName("ts");
    timestamp.setTimeZone("UTC");
    providers.addTimestamp(timestamp);
    LogLevelJsonProvider level = new LogLevelJsonProvider();
    level.setFieldName("level");
    providers.addLogLevel(level);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger");
    providers.addLoggerName(logger);
    LoggingEventThreadNameJsonProvider thread = new LoggingEventThreadNameJsonProvider();
    thread.setFieldName("thread");
    providers.addThreadName(thread);
    LoggingEventPatternJsonProvider redacted = new LoggingEventPatternJsonProvider();
    redacted.setContext(context);
    redacted.setOmitEmptyFields(true);
    redacted.setPattern("{\"msg\":\"%redacted\",\"error\":\"%redactedEx\"}");
    providers.addPattern(redacted);
    encoder.setProviders(providers);
    encoder.start();
    return encoder;
  }

  /** {@code %redacted} and {@code %redactedEx} for every pattern of this context. */
  @SuppressWarnings("unchecked")
  private static void registerConverters(LoggerContext context) {
    Map<String, Supplier<DynamicConverter<?>>> rules =
        (Map<String, Supplier<DynamicConverter<?>>>)
            context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
    if (rules == null) {
      rules = new HashMap<>();
      context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
    }
    rules.put("redacted", RedactingMessageConverter::new);
    rules.put("redactedEx", RedactingThrowableConverter::new);
  }
}
