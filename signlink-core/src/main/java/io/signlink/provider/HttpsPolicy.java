package io.signlink.provider;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a provider URL may be used: absolute, with a host, and {@code https} unless the
 * host is a loopback address (the emulator and test servers), per RFC 9700 §2.6 and SECURITY.md
 * §discovery. DocuSign account {@code base_uri} values go through the same rule (docs/PROVIDERS.md
 * "DocuSign base URI").
 *
 * <p>Stateless and thread-safe.
 */
public final class HttpsPolicy {
  private HttpsPolicy() {}

  /** Why {@code uri} is not acceptable, or empty when it is. */
  public static Optional<String> problem(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("is not an absolute URL with a host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of("must use https (plain http is allowed only on a loopback host)");
  }

  /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}; never resolves a name. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    boolean literal = h.matches("[0-9.]+") || h.contains(":");
    if (!literal) {
      return false; // a DNS name other than localhost could resolve anywhere
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
