package io.signlink.cli.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.signlink.server.logging.Redaction;

/**
 * Logback {@code %redactedEx}: the stack trace with exception messages masked (a library's
 * exception may quote a URL with a code in it). Thread-safe.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }
}
