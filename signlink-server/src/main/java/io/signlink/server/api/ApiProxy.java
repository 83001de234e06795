package io.signlink.server.api;

import io.javalin.http.Context;
import io.signlink.connection.AuthorizedCall;
import io.signlink.connection.Connection;
import io.signlink.http.HttpResult;
import io.signlink.provider.api.ApiUris;
import io.signlink.server.http.HttpProblem;
import io.signlink.server.http.SecurityHeaders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ANY /api/connections/{id}/proxy/<path>}: forwards the call to the connection's API root
 * ({@code {base_uri}/<path>}, e.g. DocuSign {@code restapi/v2.1/accounts/…}, BoldSign {@code
 * v1/document/list}) with the connection's bearer token, refreshing once on a 401 (SECURITY.md
 * §retry-on-401). Only an allow-list of end-to-end headers crosses in either direction: the
 * caller's {@code Authorization} and cookies, hop-by-hop headers (RFC 9110 §7.6.1) and forwarding
 * headers are dropped. The path cannot leave the API root ({@link ApiUris#resolve}). Thread-safe.
 */
public final class ApiProxy {
  /** Provider answers above this are refused rather than buffered. */
  public static final long MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

  private static final List<String> REQUEST_HEADERS =
      List.of(
          "content-type",
          "accept",
          "accept-language",
          "if-match",
          "if-none-match",
          "if-modified-since",
          "if-unmodified-since",
          "prefer");
  private static final Set<String> RESPONSE_HEADERS =
      Set.of(
          "content-type",
          "etag",
          "last-modified",
          "retry-after",
          "location",
          "content-language",
          "x-ratelimit-limit",
          "x-ratelimit-remaining",
          "x-ratelimit-reset",
          "x-docusign-tracking-id");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final AuthorizedCall calls;

  public ApiProxy(AuthorizedCall calls) {
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  /**
   * BoldSign connections record their versioned API root ({@code https://api.boldsign.com/v1});
   * callers name the version in the path ({@code v1/document/list}), as they do for DocuSign
   * ({@code restapi/v2.1/…}), so the proxy resolves against the root without it.
   */
  static URI hostRoot(URI apiRoot) {
    String s = apiRoot.toString();
    return s.endsWith("/v1") ? URI.create(s.substring(0, s.length() - 3)) : apiRoot;
  }

  public void forward(Context ctx, Connection connection) {
    String method = ctx.method().name();
    if (!METHODS.contains(method)) {
      throw new HttpProblem(
          405, "method_not_allowed", "The proxy forwards GET, POST, PUT, PATCH and DELETE.");
    }
    if (connection.baseUri() == null) {
      throw HttpProblem.badRequest("This connection has no API base URI; select an account first.");
    }
    URI root = hostRoot(ApiUris.requireApiRoot(connection.baseUri(), "connection base_uri"));
    String relative =
        ctx.pathParam("path") + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    URI target;
    try {
      target = ApiUris.resolve(root, relative);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(e.getMessage());
    }
    byte[] body = ctx.bodyAsBytes();
    HttpResult result =
        calls.send(
            connection.id(),
            () -> {
              HttpRequest.Builder b =
                  HttpRequest.newBuilder(target)
                      .method(
                          method,
                          body.length == 0
                              ? HttpRequest.BodyPublishers.noBody()
                              : HttpRequest.BodyPublishers.ofByteArray(body));
              for (String name : REQUEST_HEADERS) {
                String v = ctx.header(name);
                if (v != null && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
                  b.header(name, v);
                }
              }
              return b;
            });
    ctx.status(result.status());
    result
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !values.isEmpty()) {
                ctx.header(name, values.get(0));
              }
            });
    SecurityHeaders.noStore(ctx);
    ctx.result(result.body());
  }
}
