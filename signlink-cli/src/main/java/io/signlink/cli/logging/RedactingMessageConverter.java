package io.signlink.cli.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.signlink.server.logging.Redaction;

/**
 * Logback {@code %redacted}: the formatted message, masked and on one line. Thread-safe
 * (stateless).
 */
public final class RedactingMessageConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.oneLine(Redaction.redact(event.getFormattedMessage()));
  }
}
