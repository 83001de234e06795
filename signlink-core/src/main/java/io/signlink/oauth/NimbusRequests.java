package io.signlink.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts a request Nimbus built ({@code TokenRequest}, {@code TokenRevocationRequest}) into a JDK
 * request for {@link io.signlink.http.HttpTransport}, so Nimbus decides the wire format and our
 * transport decides timeouts, caps and redirects. Stateless and thread-safe.
 */
final class NimbusRequests {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  private NimbusRequests() {}

  static HttpRequest toJdk(HTTPRequest nimbus) {
    return toJdk(nimbus, nimbus.getURI(), nimbus.getBody());
  }

  /**
   * As {@link #toJdk(HTTPRequest)}, with the form parameter {@code name} moved from the body to the
   * URL's query, for an endpoint that reads it only there (Zoho's revocation, SECURITY.md
   * §revocation-query).
   */
  static HttpRequest toJdkWithQueryParameter(HTTPRequest nimbus, String name) {
    Map<String, List<String>> form;
    try {
      form = new LinkedHashMap<>(nimbus.getBodyAsFormParameters());
    } catch (ParseException e) {
      throw new IllegalStateException("the request has no form body to move " + name + " from");
    }
    List<String> values = form.remove(name);
    if (values == null || values.size() != 1) {
      throw new IllegalStateException("the request's form body has no single " + name);
    }
    URI uri = nimbus.getURI();
    String query =
        URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(values.get(0), StandardCharsets.UTF_8);
    URI moved = URI.create(uri.toString() + (uri.getRawQuery() == null ? "?" : "&") + query);
    return toJdk(nimbus, moved, URLUtils.serializeParameters(form));
  }

  private static HttpRequest toJdk(HTTPRequest nimbus, URI uri, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    for (Map.Entry<String, List<String>> header : nimbus.getHeaderMap().entrySet()) {
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        b.header(header.getKey(), value);
      }
    }
    if (nimbus.getHeaderValue("Accept") == null) {
      b.header("Accept", "application/json");
    }
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return b.method(nimbus.getMethod().name(), publisher).build();
  }
}
