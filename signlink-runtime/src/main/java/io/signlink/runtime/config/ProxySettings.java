package io.signlink.runtime.config;

import io.signlink.error.ConfigurationException;
import java.util.Locale;

/**
 * How much the API proxy lets through: the cap on the request body a caller sends and on the answer
 * a provider returns ({@code SIGNLINK_PROXY_MAX_BODY}), and how many proxied calls may wait on
 * providers at once ({@code SIGNLINK_PROXY_MAX_IN_FLIGHT}). The default body cap, 128 MiB, sits
 * above the providers' documented document limits (DocuSign's 50 MiB chunked-upload packet, sent
 * base64 in JSON, is about 70 MB; see docs/DOCUMENTS.md) so only runaway bodies are refused. The
 * default of 200 calls in flight leaves the server's other routes (health, token hand-out, console)
 * threads of its 250 when a provider stalls and every proxied call waits on it. Immutable and
 * thread-safe.
 *
 * @param maxBodyBytes the largest request or response body the proxy streams, in bytes
 * @param maxInFlight the most proxied calls that wait on providers at once (and three quarters of
 *     it on one provider host); one more is answered 503 {@code proxy_busy} at once, without
 *     calling the provider
 */
public record ProxySettings(long maxBodyBytes, int maxInFlight) {
  public static final long DEFAULT_MAX_BODY_BYTES = 128L * 1024 * 1024;
  public static final int DEFAULT_MAX_IN_FLIGHT = 200;
  public static final ProxySettings DEFAULTS =
      new ProxySettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT);

  public ProxySettings {
    if (maxBodyBytes < 1024) {
      throw new ConfigurationException(
          "SIGNLINK_PROXY_MAX_BODY", "must be at least 1 KiB, e.g. 128MiB or 134217728");
    }
    if (maxInFlight < 1) {
      throw new ConfigurationException(
          "SIGNLINK_PROXY_MAX_IN_FLIGHT", "must be a whole number of at least 1, e.g. 200");
    }
  }

  /** The body cap with the default number of calls in flight. */
  public ProxySettings(long maxBodyBytes) {
    this(maxBodyBytes, DEFAULT_MAX_IN_FLIGHT);
  }

  /** Parses {@code SIGNLINK_PROXY_MAX_IN_FLIGHT}: a whole number of at least 1. */
  public static int parseInFlight(String name, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ConfigurationException(name, "must be a whole number of at least 1, e.g. 200");
  }

  /**
   * Parses a size: plain bytes ({@code 134217728}) or a number with a binary unit ({@code 64KiB},
   * {@code 128MiB}, {@code 1GiB}; {@code K}, {@code M}, {@code G} and {@code KB}, {@code MB},
   * {@code GB} mean the same).
   */
  public static long parseSize(String name, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    for (String[] suffix :
        new String[][] {
          {"GIB", "1073741824"},
          {"MIB", "1048576"},
          {"KIB", "1024"},
          {"GB", "1073741824"},
          {"MB", "1048576"},
          {"KB", "1024"},
          {"G", "1073741824"},
          {"M", "1048576"},
          {"K", "1024"},
          {"B", "1"}
        }) {
      if (v.endsWith(suffix[0])) {
        unit = Long.parseLong(suffix[1]);
        v = v.substring(0, v.length() - suffix[0].length());
        break;
      }
    }
    try {
      long n = Long.parseLong(v);
      if (n <= 0 || n > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          name, "must be a positive size in bytes or with a unit, e.g. 128MiB or 134217728");
    }
  }

  /** The limit as people write it: {@code 128 MiB}, {@code 300 KiB} or {@code 1500 bytes}. */
  public static String describe(long bytes) {
    if (bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + " GiB";
    }
    if (bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
