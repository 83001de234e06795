package io.signlink.server.api;

import io.javalin.http.Context;
import io.signlink.connection.AccessToken;
import io.signlink.connection.TokenManager;
import io.signlink.error.ProviderRejectedException;
import io.signlink.error.TransientException;
import io.signlink.http.BearerChallenge;
import io.signlink.http.HttpResult;
import io.signlink.provider.ProviderRegistry;
import io.signlink.provider.api.ApiUris;
import io.signlink.provider.definition.ProviderDefinition;
import io.signlink.provider.definition.ProviderDefinitions;
import io.signlink.runtime.config.ProxySettings;
import io.signlink.server.http.HttpProblem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ANY /api/connections/{id}/proxy/<path>}: forwards the call to the connection's API root
 * ({@code {base_uri}/<path>}, e.g. DocuSign {@code restapi/v2.1/accounts/…}, BoldSign {@code
 * v1/document/list}) with the connection's token in its provider's {@code Authorization} scheme
 * (the definition's {@code api.auth_scheme}, usually {@code Bearer}), streaming both bodies
 * (SECURITY.md §proxy-bodies): nothing is held whole but a request body of up to {@link
 * CallerBody#REPLAYABLE_BYTES}, {@code Content-Length} is kept when the sender gave one, and each
 * body is capped at {@link ProxySettings#maxBodyBytes()} (413 naming the limit, before the provider
 * is called when the caller declared the length).
 *
 * <p>A 401 that a new token can fix (SECURITY.md §retry-on-401) refreshes the token once. The call
 * is then sent again when its body can be: a held body, or a streamed one the provider refused
 * before asking for it (streamed bodies go with {@code Expect: 100-continue}). A streamed body
 * already consumed cannot be replayed: the caller gets the provider's 401 with {@value
 * #RETRY_SAFE}{@code : true}, and resending the same request will use the refreshed token.
 *
 * <p>A provider answer that breaks off is not passed on as a short file: the caller's connection is
 * aborted, so it sees a truncated chunked stream or a body shorter than its {@code Content-Length}.
 * Only an allow-list of end-to-end headers crosses in either direction: the caller's {@code
 * Authorization} and cookies, hop-by-hop headers (RFC 9110 §7.6.1) and forwarding headers are
 * dropped. The path cannot leave the API root ({@link ApiUris#resolve}).
 *
 * <p>At most {@link ProxySettings#maxInFlight()} calls wait on providers at once, and at most three
 * quarters of them on one provider host: a stalled provider holds a request thread per call until
 * the read timeout, and past either cap a call is answered 503 {@code proxy_busy} with {@code
 * Retry-After} at once, so the server's other routes, and calls to other providers, keep threads
 * (SECURITY.md §proxy-in-flight).
 *
 * <p>A cached token costs no database read: the connection's API root comes with the token from
 * {@link TokenManager#accessToken(String)}. Thread-safe.
 */
public final class ApiProxy {
  private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);

  /** Response header telling the caller that the same request may simply be sent again. */
  public static final String RETRY_SAFE = "SignLink-Retry-Safe";

  private static final AllowedHeaders REQUEST_HEADERS =
      new AllowedHeaders(
          List.of(
              "content-type",
              "content-disposition",
              "accept",
              "accept-language",
              "accept-encoding",
              "if-match",
              "if-none-match",
              "if-modified-since",
              "if-unmodified-since",
              "if-range",
              "range",
              "prefer"));
  private static final AllowedHeaders RESPONSE_HEADERS =
      new AllowedHeaders(
          List.of(
              "content-type",
              "content-disposition",
              "content-encoding",
              "content-range",
              "accept-ranges",
              "etag",
              "last-modified",
              "retry-after",
              "location",
              "content-language",
              "x-ratelimit-limit",
              "x-ratelimit-remaining",
              "x-ratelimit-reset",
              "x-docusign-tracking-id"));
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private final TokenManager tokens;
  private final ProviderClient client;
  private final ProxySettings settings;
  private final ProviderRegistry providers;
  private final ProviderDefinitions definitions;
  private final Map<RootKey, Root> roots = new ConcurrentHashMap<>();
  private final Semaphore inFlight;

  /** Each provider host's places: at most {@link #hostShare} of {@link #inFlight}'s. */
  private final Map<HttpHost, Semaphore> hostPlaces = new ConcurrentHashMap<>();

  /** Three quarters of the places (all of one, two or three): the rest stay for other hosts. */
  private final int hostShare;

  private record RootKey(String apiPath, String baseUri) {}

  /** A connection's API root, checked once, and its host as the HTTP client names it. */
  private record Root(URI uri, HttpHost host) {
    static Root of(URI uri) {
      return new Root(uri, new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()));
    }
  }

  /** Where one call goes: the root's host and the request line's path and query. */
  private record Target(Root root, String pathAndQuery) {
    /** For messages: the path without the query. */
    URI uri() {
      return URI.create(
          root.uri().getScheme() + "://" + root.uri().getRawAuthority() + pathAndQuery);
    }
  }

  private final Map<String, ProviderDefinition.Api> apis = new ConcurrentHashMap<>();

  /**
   * @param providers the configured providers: each connection's API path ({@code api.path}) and
   *     {@code Authorization} scheme come from its provider's definition
   * @param definitions the runtime's definitions ({@code SignLinkRuntime#definedProviders}), which
   *     built {@code providers}
   */
  public ApiProxy(
      TokenManager tokens,
      ProviderClient client,
      ProxySettings settings,
      ProviderRegistry providers,
      ProviderDefinitions definitions) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.definitions = Objects.requireNonNull(definitions, "definitions");
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.hostShare = settings.maxInFlight() - settings.maxInFlight() / 4;
  }

  /**
   * Connections record their API base with the definition's version path ({@code api.path}:
   * BoldSign {@code https://api.boldsign.com/v1}); callers name the version in the path ({@code
   * v1/document/list}), as they do for DocuSign ({@code restapi/v2.1/…}), so the proxy resolves
   * against the base without it.
   */
  static URI hostRoot(URI apiRoot, String apiPath) {
    String s = apiRoot.toString();
    return !apiPath.isEmpty() && s.endsWith(apiPath)
        ? URI.create(s.substring(0, s.length() - apiPath.length()))
        : apiRoot;
  }

  /** The API part of the connection's provider definition, looked up once per provider. */
  private ProviderDefinition.Api api(String providerId) {
    return apis.computeIfAbsent(
        providerId, id -> definitions.require(providers.require(id).profile().definition()).api());
  }

  /** True for a method the proxy forwards (others are answered 405). */
  static boolean forwards(String method) {
    return METHODS.contains(method);
  }

  /** Forwards the request to connection {@code connectionId}'s API and streams the answer back. */
  public void forward(Context ctx, String connectionId) throws IOException {
    forward(ProxyExchange.of(ctx), connectionId);
  }

  /** As {@link #forward(Context, String)} for any exchange (also one served below Javalin). */
  void forward(ProxyExchange ctx, String connectionId) throws IOException {
    String method = ctx.method();
    if (!METHODS.contains(method)) {
      throw new HttpProblem(
          405, "method_not_allowed", "The proxy forwards GET, POST, PUT, PATCH and DELETE.");
    }
    if (!inFlight.tryAcquire()) {
      throw busy();
    }
    try {
      forwardHolding(ctx, connectionId, method);
    } finally {
      inFlight.release();
    }
  }

  /** The call once it holds one of the {@link ProxySettings#maxInFlight()} places. */
  private void forwardHolding(ProxyExchange ctx, String connectionId, String method)
      throws IOException {
    AccessToken token = tokens.accessToken(connectionId);
    Target target = target(ctx, token);
    Semaphore host =
        hostPlaces.computeIfAbsent(target.root().host(), h -> new Semaphore(hostShare));
    if (!host.tryAcquire()) {
      throw busyHost(target);
    }
    try {
      forwardTo(ctx, connectionId, method, token, target);
    } finally {
      host.release();
    }
  }

  /** The call once it also holds one of its provider host's places. */
  private void forwardTo(
      ProxyExchange ctx, String connectionId, String method, AccessToken token, Target target)
      throws IOException {
    CallerBody body = readBody(ctx);
    ClassicHttpResponse response = send(ctx, method, target, body, token);
    try {
      if (refusesToken(response)) {
        AccessToken fresh = tokens.refreshAfterRejection(connectionId, token.token());
        if (body.resendable()) {
          response.close();
          response = send(ctx, method, target, body, fresh);
          if (refusesToken(response)) {
            throw new ProviderRejectedException(
                fresh.providerId(),
                "invalid_token",
                null,
                401,
                null,
                "The API refused a freshly refreshed token of connection "
                    + connectionId
                    + "; check the connection's account and scopes, or reconnect");
          }
        } else {
          ctx.setHeader(RETRY_SAFE, "true");
        }
      }
      ResponseRelay.relay(ctx, response, settings.maxBodyBytes(), RESPONSE_HEADERS);
    } finally {
      release(response);
    }
  }

  /**
   * Gives the provider connection back. Closing an answer whose body broke off fails again with the
   * same cut, which the relay has already reported and answered by aborting the caller's
   * connection; it is not a second failure of the request.
   */
  private static void release(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException alreadyReported) {
      LOG.debug("provider connection closed after a cut answer: {}", alreadyReported.toString());
    }
  }

  private Target target(ProxyExchange ctx, AccessToken token) {
    if (token.baseUri() == null) {
      throw HttpProblem.badRequest("This connection has no API base URI; select an account first.");
    }
    // A connection's root is checked once, not parsed again on every call.
    String path = api(token.providerId()).path();
    Root root =
        roots.computeIfAbsent(
            new RootKey(path, token.baseUri()),
            k ->
                Root.of(
                    hostRoot(
                        ApiUris.requireApiRoot(token.baseUri(), "connection base_uri"), path)));
    String query = ctx.query();
    String relative = query == null ? ctx.pathRest() : ctx.pathRest() + "?" + query;
    try {
      return new Target(root, ApiUris.resolvePathAndQuery(root.uri(), relative));
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(e.getMessage());
    }
  }

  private CallerBody readBody(ProxyExchange ctx) throws IOException {
    long declared = ctx.contentLength();
    if (declared > settings.maxBodyBytes()) {
      // Refused before the body stream is opened: Jetty answers "Expect: 100-continue" when the
      // stream is first taken, and a caller told to go on would send a body nobody reads.
      throw tooLarge();
    }
    boolean hasBody = declared > 0 || ctx.header("Transfer-Encoding") != null;
    try {
      return CallerBody.read(ctx.body(), declared, hasBody, settings.maxBodyBytes());
    } catch (CallerBody.TooLarge e) {
      throw tooLarge();
    }
  }

  private ClassicHttpResponse send(
      ProxyExchange ctx, String method, Target target, CallerBody body, AccessToken token) {
    BasicClassicHttpRequest request =
        new BasicClassicHttpRequest(method, target.root().host(), target.pathAndQuery());
    ctx.eachHeader(
        REQUEST_HEADERS,
        (name, v) -> {
          if (v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
            request.addHeader(name, v);
          }
        });
    request.setHeader(
        "Authorization", api(token.providerId()).authScheme() + " " + token.token().reveal());
    request.setEntity(body.entity());
    try {
      return client.open(request, !body.held());
    } catch (IOException e) {
      if (body.tooLarge()) {
        throw tooLarge();
      }
      throw unreachable(e, target.uri());
    }
  }

  private static boolean refusesToken(ClassicHttpResponse response) {
    if (response.getCode() != 401) {
      return false;
    }
    Header challenge = response.getFirstHeader("WWW-Authenticate");
    HttpHeaders headers =
        HttpHeaders.of(
            challenge == null
                ? Map.of()
                : Map.of("WWW-Authenticate", List.of(challenge.getValue())),
            (a, b) -> true);
    return BearerChallenge.refusesToken(new HttpResult(401, headers, null));
  }

  private HttpProblem busy() {
    return new HttpProblem(
        503,
        "proxy_busy",
        "The proxy already has "
            + settings.maxInFlight()
            + " calls waiting on providers (SIGNLINK_PROXY_MAX_IN_FLIGHT), so this one was not"
            + " sent; retry after the Retry-After delay. If this lasts, a provider is slow to"
            + " answer.",
        Duration.ofSeconds(1));
  }

  private HttpProblem busyHost(Target target) {
    return new HttpProblem(
        503,
        "proxy_busy",
        "The proxy already has "
            + hostShare
            + " calls waiting on "
            + target.root().host().getHostName()
            + " (three quarters of SIGNLINK_PROXY_MAX_IN_FLIGHT; the rest stay for other"
            + " providers), so this one was not sent; retry after the Retry-After delay. If this"
            + " lasts, that provider is slow to answer.",
        Duration.ofSeconds(1));
  }

  private HttpProblem tooLarge() {
    return new HttpProblem(
        413,
        "request_too_large",
        "The request body is over the proxy's limit of "
            + ProxySettings.describe(settings.maxBodyBytes())
            + " ("
            + settings.maxBodyBytes()
            + " bytes, SIGNLINK_PROXY_MAX_BODY); send a smaller document or raise the limit.");
  }

  private static TransientException unreachable(IOException e, URI target) {
    boolean notSent = e instanceof ConnectException || e instanceof ConnectTimeoutException;
    boolean slow = e instanceof SocketTimeoutException;
    String what =
        slow
            ? " did not answer in time"
            : notSent ? " could not be reached" : " broke the connection";
    return new TransientException(
        slow ? TransientException.Kind.TIMEOUT : TransientException.Kind.CONNECTION_FAILED,
        describe(target) + what + " (" + e.getClass().getSimpleName() + "); retry later",
        null,
        !notSent,
        null);
  }

  /** Method-free target for messages: scheme, host, port and path, never the query. */
  static String describe(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + uri.getRawPath();
  }
}
