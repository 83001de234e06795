package io.signlink.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of the process in memory, with the root logger raised to TRACE, so a test
 * can search all log output for secrets (SECURITY.md §redaction). Each recorded line holds the
 * logger name, the formatted message, the MDC and the full stack trace (messages of every cause
 * included).
 *
 * <p>Use as a JUnit 5 extension ({@code @RegisterExtension final LogCapture logs = new
 * LogCapture();}) or explicitly with {@link #start()} and {@link #close()}. Thread-safe: appenders
 * may be called from any thread; {@link #lines()} returns a snapshot.
 */
public final class LogCapture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  private final List<String> lines = new ArrayList<>();
  private final Appender appender = new Appender();
  private Level previousRootLevel;

  /** Attaches a new capture to the root logger and returns it. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.attach();
    return capture;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    attach();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  private synchronized void attach() {
    Logger root = root();
    previousRootLevel = root.getLevel();
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.setName("signlink-log-capture-" + System.identityHashCode(this));
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
  }

  /** Detaches the appender and restores the root level; the recorded lines stay readable. */
  @Override
  public synchronized void close() {
    Logger root = root();
    root.detachAppender(appender);
    appender.stop();
    if (previousRootLevel != null) {
      root.setLevel(previousRootLevel);
    }
  }

  /** Every recorded line so far: {@code LEVEL logger - message {mdc}} plus any stack trace. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** All recorded lines joined with newlines. */
  public String text() {
    return String.join("\n", lines());
  }

  /** Forgets what was recorded so far. */
  public void clear() {
    synchronized (lines) {
      lines.clear();
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder sb = new StringBuilder();
      sb.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ");
      sb.append(event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        sb.append(' ').append(mdc);
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        sb.append('\n').append(ThrowableProxyUtil.asString(thrown));
      }
      synchronized (lines) {
        lines.add(sb.toString());
      }
    }
  }
}
