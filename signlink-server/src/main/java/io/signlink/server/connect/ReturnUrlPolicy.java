package io.signlink.server.connect;

import java.net.URI;

/**
 * Which return URLs an application may send its users back to after consent (SECURITY.md
 * §open-redirect). Asked when a session is created and again before the browser is sent there.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ReturnUrlPolicy {
  /** True when {@code applicationId} may send the browser to {@code returnUrl}. */
  boolean allows(String applicationId, URI returnUrl);
}
