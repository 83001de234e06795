package io.signlink.server.http;

import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * In dev mode the console has no login, so a page on another site that makes its own name resolve
 * to 127.0.0.1 (DNS rebinding) could drive it from a victim's browser. Browsers always send the
 * name they resolved in {@code Host}, so dev mode answers only to loopback names ({@code
 * localhost}, {@code 127.0.0.1}, {@code [::1]}, any port) and the host of the configured public
 * URL; any other {@code Host}, or none, gets 421 (SECURITY.md §dns-rebinding). Immutable and
 * thread-safe.
 */
public final class HostCheck {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> allowed;

  /**
   * @param publicHost the host of the public URL browsers use (may be a loopback alias such as
   *     {@code signlink.localhost}), or {@code null}
   */
  public HostCheck(String publicHost) {
    Set<String> names = new HashSet<>(LOOPBACK);
    if (publicHost != null) {
      String h = publicHost.toLowerCase(Locale.ROOT);
      names.add(h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h);
    }
    this.allowed = Set.copyOf(names);
  }

  /** A before-handler. */
  public void apply(Context ctx) {
    if (!allows(ctx.header("Host"))) {
      throw new HttpProblem(
          421,
          "misdirected_request",
          "This SignLink runs in dev mode and answers only to http://localhost or"
              + " http://127.0.0.1; open it by that address.");
    }
  }

  /** True for an allowed name with or without a port. */
  public boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']')) {
      String port = h.substring(colon + 1);
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
        return false;
      }
      h = h.substring(0, colon);
    }
    return allowed.contains(h);
  }
}
