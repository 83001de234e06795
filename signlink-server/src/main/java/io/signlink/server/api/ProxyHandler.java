package io.signlink.server.api;

import io.signlink.server.auth.ApiKeyAuth;
import io.signlink.server.auth.ApiPrincipal;
import io.signlink.server.http.AccessLog;
import io.signlink.server.http.ClientAddress;
import io.signlink.server.http.ClientLimits;
import io.signlink.server.http.ErrorBody;
import io.signlink.server.http.ErrorResponder;
import io.signlink.server.http.HostCheck;
import io.signlink.server.http.SecurityHeaders;
import io.signlink.server.http.UrlCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the API proxy's usual requests below Javalin, as a Jetty handler in front of its servlet
 * context: a proxied call is SignLink's hot path, and Jetty's servlet layer and Javalin's routing,
 * context and before/after handlers cost more per small call than forwarding it (docs/DOCUMENTS.md,
 * "Speed").
 *
 * <p>It takes a request only when every check Javalin's route would make passes: a method the proxy
 * forwards, a plain path {@code /api/connections/{id}/proxy/<path>} (no percent-escape, dot
 * segment, empty or trailing segment: nothing a decoder could read differently), the dev-mode
 * {@code Host} check, well-formed query, a client not over its wrong-key limit, an API key with the
 * route's scope, and a connection of the key's application. None of these checks changes anything,
 * so any other request goes on to Javalin's route unchanged, which answers it exactly as before
 * (the refusals, their counting against the client and their log lines). A taken request gets what
 * the route gives it: the security headers, {@link ApiProxy#forward}, the same JSON errors ({@link
 * ErrorResponder#answerFor}), a 401 counted against the client, and an access-log line and timer
 * ({@link AccessLog#record}). Stateless apart from its parts; thread-safe.
 */
public final class ProxyHandler extends Handler.Wrapper {
  /** Everything the handler uses, shared with Javalin's routes. */
  public record Parts(
      SecurityHeaders headers,
      HostCheck hosts,
      ClientLimits clients,
      ApiKeyAuth auth,
      ConnectionOwners owners,
      ApiProxy proxy,
      ErrorResponder errors,
      AccessLog accessLog) {
    public Parts {
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(clients, "clients");
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(owners, "owners");
      Objects.requireNonNull(proxy, "proxy");
      Objects.requireNonNull(errors, "errors");
      Objects.requireNonNull(accessLog, "accessLog");
    }
  }

  private static final String PREFIX = "/api/connections/";
  private static final String PROXY = "/proxy/";

  /** Longest connection id the routes look up; longer ones are answered 404 by the route. */
  private static final int MAX_ID = 100;

  private final Parts p;

  /** The security headers, encoded once (the same on every answer). */
  private final List<HttpField> securityHeaders;

  /**
   * @param parts its {@code hosts} is {@code null} when no Host check applies (not dev mode)
   */
  public ProxyHandler(Parts parts) {
    this.p = Objects.requireNonNull(parts, "parts");
    List<HttpField> fields = new ArrayList<>();
    p.headers().apply((name, value) -> fields.add(new PreEncodedHttpField(name, value)));
    this.securityHeaders = List.copyOf(fields);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Taken taken;
    try {
      taken = take(request);
    } catch (RuntimeException e) {
      // A key or owner look-up that failed (the database is down): the route looks again and
      // answers the failure as every route does.
      taken = null;
    }
    if (taken == null) {
      return super.handle(request, response, callback);
    }
    serve(taken, request, response, callback);
    return true;
  }

  /** What a taken request is about. */
  private record Taken(
      String connectionId, String rest, String path, String query, String client) {}

  /**
   * The request's particulars when this handler serves it, or {@code null} to leave it to Javalin.
   */
  private Taken take(Request request) {
    if (!ApiProxy.forwards(request.getMethod())) {
      return null;
    }
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath();
    if (path == null || !path.startsWith(PREFIX) || uri.hasViolations()) {
      return null;
    }
    int idEnd = path.indexOf('/', PREFIX.length());
    if (idEnd <= PREFIX.length()
        || idEnd - PREFIX.length() > MAX_ID
        || !path.startsWith(PROXY, idEnd)
        || !plain(path, idEnd + PROXY.length())
        || !path.equals(uri.getCanonicalPath())) {
      return null;
    }
    HttpFields headers = request.getHeaders();
    String query = uri.getQuery();
    if ((p.hosts() != null && !p.hosts().allows(headers.get(HttpHeader.HOST)))
        || !UrlCheck.wellFormed(query)) {
      return null;
    }
    String client =
        ClientAddress.of(Request.getRemoteAddr(request), headers.get(HttpHeader.X_FORWARDED_FOR));
    if (p.clients().refusesApiCalls(client)) {
      return null;
    }
    ApiPrincipal principal =
        p.auth().authenticateHeader(headers.get(HttpHeader.AUTHORIZATION)).orElse(null);
    if (principal == null || !principal.hasAny(ApiRoutes.PROXY_SCOPES)) {
      return null;
    }
    String id = path.substring(PREFIX.length(), idEnd);
    String owner = p.owners().applicationOf(id);
    if (owner == null || !principal.owns(owner)) {
      return null;
    }
    return new Taken(id, path.substring(idEnd + PROXY.length()), path, query, client);
  }

  /**
   * True when the path from {@code from} on is one a route decoder reads as written: not empty, no
   * empty segment or trailing slash, no percent-escape (the route's {@code <path>} is decoded).
   */
  private static boolean plain(String path, int from) {
    if (from >= path.length() || path.charAt(path.length() - 1) == '/') {
      return false;
    }
    char previous = '/';
    for (int i = from; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || (c == '/' && previous == '/')) {
        return false;
      }
      previous = c;
    }
    return true;
  }

  private void serve(Taken taken, Request request, Response response, Callback callback) {
    HttpFields.Mutable out = response.getHeaders();
    for (HttpField field : securityHeaders) {
      out.put(field);
    }
    Exchange exchange = new Exchange(request, response, taken.rest());
    Throwable failure = null;
    try {
      p.proxy().forward(exchange, taken.connectionId());
    } catch (Throwable thrown) {
      failure = thrown;
    }
    if (failure != null && !response.isCommitted() && exchange.cut == null) {
      answerError(failure, request, response);
      failure = null;
    } else if (failure != null) {
      // Too late for an answer (the connection is aborted below), but logged as the route would.
      p.errors().answerFor(failure, request.getMethod(), ApiRoutes.PROXY_PATH);
    }
    if (failure == null && exchange.cut == null) {
      try {
        exchange.end();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (response.getStatus() == 401) {
      p.clients().apiCallRefused(taken.client());
    }
    p.accessLog()
        .record(
            request.getMethod(),
            taken.path(),
            taken.query(),
            ApiRoutes.PROXY_PATH,
            response.getStatus(),
            (System.nanoTime() - request.getHeadersNanoTime()) / 1_000_000f);
    if (exchange.cut != null) {
      callback.failed(exchange.cut);
    } else if (failure != null) {
      callback.failed(failure);
    } else {
      callback.succeeded();
    }
  }

  /** What {@link ErrorResponder#respond} sends for an API route, written straight to Jetty. */
  private void answerError(Throwable failure, Request request, Response response) {
    ErrorBody body = p.errors().answerFor(failure, request.getMethod(), ApiRoutes.PROXY_PATH);
    HttpFields.Mutable headers = response.getHeaders();
    response.setStatus(body.status());
    ErrorResponder.answerHeaders(body, headers::put);
    byte[] json = p.errors().jsonOf(body).getBytes(StandardCharsets.UTF_8);
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put(HttpHeader.CONTENT_LENGTH, json.length);
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(json), written);
      written.block();
    } catch (IOException e) {
      // The caller went away; nothing more to tell it.
    }
  }

  /** The proxied request as {@link ApiProxy} reads and answers it, on Jetty's own API. */
  private static final class Exchange implements ProxyExchange {
    private final Request request;
    private final Response response;
    private final String rest;
    private OutputStream output;
    private volatile IOException cut;
    private boolean ended;

    Exchange(Request request, Response response, String rest) {
      this.request = request;
      this.response = response;
      this.rest = rest;
    }

    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String header(String name) {
      HttpHeader known = HttpHeader.CACHE.get(name);
      return known != null ? request.getHeaders().get(known) : request.getHeaders().get(name);
    }

    @Override
    public void eachHeader(AllowedHeaders allowed, BiConsumer<String, String> to) {
      AllowedHeaders.FirstOnly first = new AllowedHeaders.FirstOnly(allowed);
      for (HttpField field : request.getHeaders()) {
        String name = first.offer(field.getLowerCaseName());
        if (name != null) {
          to.accept(name, field.getValue());
        }
      }
    }

    @Override
    public String pathRest() {
      return rest;
    }

    @Override
    public String query() {
      return request.getHttpURI().getQuery();
    }

    @Override
    public long contentLength() {
      return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    @Override
    public InputStream body() {
      return Content.Source.asInputStream(request);
    }

    @Override
    public void status(int status) {
      response.setStatus(status);
    }

    @Override
    public void setHeader(String name, String value) {
      // A known name is compared by identity, not letter by letter, with each header already set.
      HttpHeader known = HttpHeader.CACHE.get(name);
      if (known != null) {
        response.getHeaders().put(known, value);
      } else {
        response.getHeaders().put(name, value);
      }
    }

    @Override
    public void contentLength(long length) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
    }

    @Override
    public OutputStream output() {
      if (output == null) {
        output = Content.Sink.asOutputStream(response);
      }
      return output;
    }

    @Override
    public void abort(IOException why) {
      cut = why;
      // Closing the connection, not only failing the exchange: one not yet committed would be
      // answered with an error page, and the cut would not be seen.
      request.getConnectionMetaData().getConnection().getEndPoint().close(why);
    }

    @Override
    public void sendWhole(byte[] body) throws IOException {
      try (Blocker.Callback written = Blocker.callback()) {
        response.write(true, ByteBuffer.wrap(body), written);
        ended = true;
        written.block();
      }
    }

    /** Ends the answer: the last chunk, or the empty body of an answer that wrote none. */
    void end() throws IOException {
      if (!ended) {
        output().close();
      }
    }
  }
}
