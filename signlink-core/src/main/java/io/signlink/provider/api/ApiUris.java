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
    String pathPart = relative.split("\\?", 2)[0];
    String decoded = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (relative.startsWith("//") || pathPart.contains(":") || hasDotSegment(decoded)) {
      throw new IllegalArgumentException(
          "API path must be a path below the account's API root (no scheme, host or '..')");
    }
    String joined = root.toString() + (relative.startsWith("/") ? "" : "/") + relative;
    URI uri = URI.create(joined);
    if (!uri.getScheme().equals(root.getScheme())
        || !uri.getRawAuthority().equals(root.getRawAuthority())
        || !uri.getRawPath().startsWith(root.getRawPath())) {
      throw new IllegalArgumentException("API path leaves the account's API root");
    }
    return uri;
  }

  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        return true;
      }
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
