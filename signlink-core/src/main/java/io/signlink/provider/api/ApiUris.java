package io.signlink.provider.api;

import io.signlink.error.ConfigurationException;
import io.signlink.provider.HttpsPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where API calls may go. A bearer token is only ever sent to the account's own API root, which
 * must be an absolute https URL (http only on a loopback host, for the emulator and tests — the
 * rule of {@link HttpsPolicy}, shared with every other provider URL); a hard-coded host or a
 * scheme-less base path is how DocuSign integrations end up calling the wrong server
 * (docs/PROVIDERS.md "DocuSign base URI", docusign-esign-java-client #191). Stateless.
 */
public final class ApiUris {
  private ApiUris() {}

  /**
   * The validated API root, without a trailing slash.
   *
   * @param setting names the value in the error, e.g. {@code "DocuSign account base_uri"}
   * @throws ConfigurationException when it is not an absolute https (or loopback http) URL with a
   *     host and no user info, query or fragment
   */
  public static URI requireApiRoot(String baseUri, String setting) {
    if (baseUri == null || baseUri.isBlank()) {
      throw invalid(setting, "is missing");
    }
    URI uri;
    try {
      uri = new URI(baseUri.trim());
    } catch (URISyntaxException e) {
      throw invalid(setting, "is not a URL");
    }
    if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
      throw invalid(setting, "is not an absolute URL with a host");
    }
    Optional<String> problem = HttpsPolicy.problem(uri);
    if (problem.isPresent()) {
      throw invalid(setting, problem.get());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(setting, "must not carry user info, a query or a fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  /**
   * {@code root} + {@code relative} (a path with an optional query), refusing anything that could
   * leave {@code root}: another scheme or host, {@code ..} segments (also percent-encoded),
   * backslashes, fragments or control characters. The generic {@code get(path)} of the clients goes
   * through here, so a caller-supplied path can never send the token elsewhere.
   *
   * @throws IllegalArgumentException naming what is wrong with the path
   */
  public static URI resolve(URI root, String relative) {
    if (relative == null || relative.isEmpty()) {
      return root;
    }
    for (int i = 0; i < relative.length(); i++) {
      char c = relative.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '\\' || c == '#') {
        throw new IllegalArgumentException(
            "API path must not contain spaces, control characters, '\\' or '#'");
      }
    }
    requireAPathBelow(relative);
    String joined = root.toString() + (relative.startsWith("/") ? "" : "/") + relative;
    URI uri = URI.create(joined);
    if (!uri.getScheme().equals(root.getScheme())
        || !uri.getRawAuthority().equals(root.getRawAuthority())
        || !uri.getRawPath().startsWith(root.getRawPath())) {
      throw new IllegalArgumentException("API path leaves the account's API root");
    }
    return uri;
  }

  /**
   * The raw path and query of {@link #resolve resolve(root, relative)}, with the same checks and
   * failures: what an HTTP request line names. A relative path of plain URI characters (no
   * percent-escape) is joined without parsing a {@link URI}, the cost that mattered in the proxy's
   * per-call work; anything else goes through {@link #resolve}.
   */
  public static String resolvePathAndQuery(URI root, String relative) {
    if (relative == null || relative.isEmpty() || !plainUriCharacters(relative)) {
      URI uri = resolve(root, relative);
      return uri.getRawQuery() == null
          ? uri.getRawPath()
          : uri.getRawPath() + "?" + uri.getRawQuery();
    }
    requireAPathBelow(relative);
    // As resolve joins them; the root's authority cannot change (the relative part is a path that
    // does not start with "//"), and its path stays a prefix.
    String rootPath = root.getRawPath() == null ? "" : root.getRawPath();
    return rootPath + (relative.startsWith("/") ? "" : "/") + relative;
  }

  /**
   * Refuses a relative reference that is not a plain path: one starting with {@code //} (a host),
   * with a {@code :} in its path (a scheme), or with a dot segment, also percent-encoded.
   */
  private static void requireAPathBelow(String relative) {
    int queryAt = relative.indexOf('?');
    String pathPart = queryAt < 0 ? relative : relative.substring(0, queryAt);
    // Without a percent-escape the path decodes to itself ('+' is kept, not read as a space).
    String decoded =
        pathPart.indexOf('%') < 0
            ? pathPart
            : URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (relative.startsWith("//") || pathPart.indexOf(':') >= 0 || hasDotSegment(decoded)) {
      throw new IllegalArgumentException(
          "API path must be a path below the account's API root (no scheme, host or '..')");
    }
  }

  /**
   * True when every character is one a URI path or query holds literally (RFC 3986 unreserved,
   * sub-delims, ':', '@', '/', '?'), so the joined string parses as a URI without change.
   */
  private static boolean plainUriCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDotSegment(String path) {
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      int length = end - start;
      if ((length == 1 || length == 2)
          && path.charAt(start) == '.'
          && (length == 1 || path.charAt(start + 1) == '.')) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static ConfigurationException invalid(String setting, String what) {
    return new ConfigurationException(
        setting,
        what
            + "; it must be the provider's API root, e.g. https://demo.docusign.net or"
            + " https://api.boldsign.com");
  }
}
