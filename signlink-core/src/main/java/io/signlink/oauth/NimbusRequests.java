package io.signlink.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
    HttpRequest.Builder b = HttpRequest.newBuilder(nimbus.getURI());
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
    String body = nimbus.getBody();
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return b.method(nimbus.getMethod().name(), publisher).build();
  }
}
