package io.signlink.server.connect;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The default {@link ReturnUrlPolicy}: one list of URL prefixes for every application ({@code
 * SIGNLINK_CONNECT_RETURN_URLS}). A URL is allowed when its scheme, host and port equal a prefix's
 * and its path starts with the prefix's path; so {@code https://app.example.com/} does not allow
 * {@code https://app.example.com.evil.example/}. Only absolute http(s) URLs without user info or
 * fragment qualify, http only on loopback; paths with {@code ..}, backslashes or encoded slashes
 * are refused. An empty list allows nothing. Immutable and thread-safe.
 */
public final class PrefixReturnUrlPolicy implements ReturnUrlPolicy {
  private final List<URI> prefixes;

  public PrefixReturnUrlPolicy(List<String> prefixes) {
    this.prefixes =
        Objects.requireNonNull(prefixes, "prefixes").stream()
            .map(URI::create)
            .filter(PrefixReturnUrlPolicy::wellFormed)
            .toList();
  }

  @Override
  public boolean allows(String applicationId, URI url) {
    if (url == null || !wellFormed(url) || url.toString().length() > 2000) {
      return false;
    }
    String raw = url.getRawPath() == null ? "" : url.getRawPath();
    String lowered = raw.toLowerCase(Locale.ROOT);
    if (raw.contains("..")
        || raw.contains("\\")
        || lowered.contains("%2f")
        || lowered.contains("%5c")
        || lowered.contains("%2e")) {
      return false;
    }
    for (URI p : prefixes) {
      if (p.getScheme().equalsIgnoreCase(url.getScheme())
          && p.getHost().equalsIgnoreCase(url.getHost())
          && port(p) == port(url)
          && path(url).startsWith(path(p))) {
        return true;
      }
    }
    return false;
  }

  private static boolean wellFormed(URI u) {
    if (!u.isAbsolute()
        || u.isOpaque()
        || u.getHost() == null
        || u.getRawUserInfo() != null
        || u.getRawFragment() != null) {
      return false;
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || (scheme.equals("http") && loopback(u.getHost()));
  }

  private static boolean loopback(String host) {
    return host.equals("127.0.0.1") || host.equals("[::1]") || host.equalsIgnoreCase("localhost");
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static String path(URI u) {
    String p = u.getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }
}
