package io.signlink.server.http;

import io.signlink.error.ConfigurationException;
import java.net.BindException;
import java.util.Locale;

/**
 * Turns a failure to open the listening socket into a message that names the setting to change.
 * Jetty reports every bind failure the same way ("Failed to bind"), and Javalin then says "Port
 * already in use" even when the port is privileged or the address is not this machine's, so the
 * cause chain is read for the operating system's own reason. Stateless.
 */
public final class BindFailure {
  private BindFailure() {}

  /**
   * A {@link ConfigurationException} naming SIGNLINK_PORT or SIGNLINK_BIND, or null if unrelated.
   */
  public static ConfigurationException explain(Throwable failure, String address, int port) {
    if (!isBindFailure(failure)) {
      return null;
    }
    String reason = osReason(failure).toLowerCase(Locale.ROOT);
    String where = address + ":" + port;
    if (reason.contains("permission denied") || reason.contains("access denied")) {
      return new ConfigurationException(
          "SIGNLINK_PORT",
          "cannot listen on "
              + where
              + ": ports below 1024 need root or CAP_NET_BIND_SERVICE. Choose a port above 1023"
              + " (--port or SIGNLINK_PORT, e.g. 8080) and put a reverse proxy in front if you"
              + " need 80 or 443");
    }
    if (reason.contains("assign requested address") || reason.contains("unresolved")) {
      return new ConfigurationException(
          "SIGNLINK_BIND",
          "cannot listen on "
              + where
              + ": "
              + address
              + " is not an address of this machine. Use 127.0.0.1 (local only) or 0.0.0.0 (all"
              + " interfaces)");
    }
    return new ConfigurationException(
        "SIGNLINK_PORT",
        "port "
            + port
            + " on "
            + address
            + " is already in use by another process. Stop that process, or choose another port"
            + " with --port or SIGNLINK_PORT (0 picks a free one)");
  }

  private static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().contains("BindException")) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("Failed to bind")) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, which is the operating system's (e.g. "Permission denied"). */
  private static String osReason(Throwable failure) {
    String reason = "";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    return reason;
  }
}
