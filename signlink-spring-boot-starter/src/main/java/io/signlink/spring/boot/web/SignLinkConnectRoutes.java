package io.signlink.spring.boot.web;

import io.signlink.connection.CompletedConnection;
import io.signlink.connection.ConnectFlow;
import io.signlink.error.AuthorizationFlowException;
import io.signlink.error.SignLinkException;
import io.signlink.oauth.AuthorizationRequests;
import io.signlink.oauth.AuthorizationStart;
import io.signlink.provider.ProviderRegistry;
import io.signlink.runtime.SignLinkMetrics;
import io.signlink.runtime.SignLinkRuntime;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * SignLink's consent routes inside the application (Spring MVC functional endpoints):
 *
 * <ul>
 *   <li>{@code POST {path}/connect/{provider}} (form field {@code return_to}, a local path,
 *       optional) begins a consent flow for the signed-in user ({@link SignLinkOwnerResolver}) and
 *       sends the browser to the provider with a 303;
 *   <li>{@code GET {path}/callback/{provider}} completes it and sends the browser to {@code
 *       return_to} (or {@code signlink.web.success-path}) with {@code connection_id} added.
 * </ul>
 *
 * <p>Consent flows are counted in SignLink's meters ({@code signlink.flows.started}, {@code
 * signlink.flows.completed{outcome}}), as the service counts them.
 *
 * <p>Starting is a POST so that a link or an image on another site cannot start a flow; a POST
 * whose {@code Origin} is not this application's is refused as well, whether or not the application
 * has CSRF protection of its own (SECURITY.md §spring-boot-routes). Responses are never cached and
 * send no referrer, so the callback's code does not travel on (SECURITY.md §callback-page).
 * Thread-safe.
 */
public final class SignLinkConnectRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SignLinkConnectRoutes.class);
  private static final List<String> CALLBACK_PARAMS =
      List.of("code", "state", "iss", "error", "error_description");
  private static final String AGAIN = " Start connecting again from the application's page.";

  private final Supplier<ConnectFlow> flow;
  private final Supplier<ProviderRegistry> providers;
  private final Supplier<SignLinkMetrics> metrics;
  private final SignLinkOwnerResolver owners;
  private final BrowserBinding binding;
  private final String origin;
  private final String successPath;

  /**
   * @param publicUrl how browsers reach the application; its origin is the only one allowed to
   *     start a flow, and https there makes the binding cookie {@code Secure}
   * @param successPath where to go after a connection when the form named no {@code return_to}
   */
  public SignLinkConnectRoutes(
      ConnectFlow flow,
      ProviderRegistry providers,
      SignLinkMetrics metrics,
      SignLinkOwnerResolver owners,
      URI publicUrl,
      String successPath) {
    this(
        given(flow, "flow"),
        given(providers, "providers"),
        given(metrics, "metrics"),
        owners,
        publicUrl,
        successPath);
  }

  /**
   * Routes on a runtime that is asked for at each request (the starter's opens on first use, or is
   * waited for while it opens in the background), so that creating them opens nothing.
   *
   * @param runtime SignLink's runtime
   * @param publicUrl how browsers reach the application; its origin is the only one allowed to
   *     start a flow, and https there makes the binding cookie {@code Secure}
   * @param successPath where to go after a connection when the form named no {@code return_to}
   */
  public SignLinkConnectRoutes(
      Supplier<SignLinkRuntime> runtime,
      SignLinkOwnerResolver owners,
      URI publicUrl,
      String successPath) {
    this(
        () -> runtime.get().connectFlow(),
        () -> runtime.get().providers(),
        () -> runtime.get().metrics(),
        owners,
        publicUrl,
        successPath);
    Objects.requireNonNull(runtime, "runtime");
  }

  private static <T> Supplier<T> given(T part, String name) {
    Objects.requireNonNull(part, name);
    return () -> part;
  }

  private SignLinkConnectRoutes(
      Supplier<ConnectFlow> flow,
      Supplier<ProviderRegistry> providers,
      Supplier<SignLinkMetrics> metrics,
      SignLinkOwnerResolver owners,
      URI publicUrl,
      String successPath) {
    this.flow = flow;
    this.providers = providers;
    this.metrics = metrics;
    this.owners = Objects.requireNonNull(owners, "owners");
    this.binding = new BrowserBinding("https".equalsIgnoreCase(publicUrl.getScheme()));
    this.origin = origin(publicUrl);
    if (!AuthorizationRequests.isLocalPath(successPath)) {
      throw new IllegalArgumentException(
          "signlink.web.success-path must be a local path such as /connected, was " + successPath);
    }
    this.successPath = successPath;
  }

  /** The two routes under {@code path} (e.g. {@code /signlink}). */
  public RouterFunction<ServerResponse> routes(String path) {
    String base = path.replaceAll("/+$", "");
    return RouterFunctions.route()
        .POST(base + "/connect/{provider}", this::connect)
        .GET(base + "/callback/{provider}", this::callback)
        .build();
  }

  ServerResponse connect(ServerRequest request) {
    String provider = request.pathVariable("provider");
    if (providers.get().find(provider).isEmpty()) {
      return page(
          HttpStatus.NOT_FOUND,
          "SignLink has no provider '"
              + provider
              + "'. Configure it under signlink.providers."
              + provider
              + ".");
    }
    Optional<String> from = request.headers().header(HttpHeaders.ORIGIN).stream().findFirst();
    if (from.isPresent() && !from.get().equalsIgnoreCase(origin)) {
      return page(
          HttpStatus.FORBIDDEN,
          "This request to connect an account came from another site. Open the application"
              + " itself and press its Connect button.");
    }
    Optional<String> owner = owners.owner(request);
    if (owner.isEmpty() || owner.get().isBlank()) {
      return page(
          HttpStatus.UNAUTHORIZED,
          "Sign in to the application first: the account you connect is filed under the"
              + " signed-in user.");
    }
    String returnTo = request.param("return_to").filter(s -> !s.isBlank()).orElse(null);
    if (returnTo != null && !AuthorizationRequests.isLocalPath(returnTo)) {
      return page(
          HttpStatus.BAD_REQUEST,
          "return_to must be a path on this site such as /settings, not a full address.");
    }
    // A fresh binding for every flow, whatever the browser holds (SECURITY.md §binding-cookie).
    BrowserBinding.Minted minted = binding.mint();
    AuthorizationStart start = flow.get().begin(provider, owner.get(), minted.hash(), returnTo);
    metrics.get().flowStarted(provider);
    return ServerResponse.status(HttpStatus.SEE_OTHER)
        .location(start.authorizationUrl())
        .header(HttpHeaders.SET_COOKIE, minted.setCookie())
        .headers(SignLinkConnectRoutes::noStore)
        .build();
  }

  ServerResponse callback(ServerRequest request) {
    String provider = request.pathVariable("provider");
    if (providers.get().find(provider).isEmpty()) {
      return page(
          HttpStatus.NOT_FOUND, "This sign-in came back for a provider SignLink does not know.");
    }
    Map<String, String> params = new HashMap<>();
    for (String name : CALLBACK_PARAMS) {
      request.param(name).ifPresent(v -> params.put(name, v));
    }
    // The provider's own redirect parameters (Acrobat Sign's shard, Zoho's data centre), checked
    // by the connect flow before anything is sent (SECURITY.md §callback-hosts); one sent twice is
    // ignored, leaving the configured host.
    for (String name : providers.get().require(provider).callbackValues().parameters()) {
      List<String> v = request.params().get(name);
      if (v != null && v.size() == 1) {
        params.put(name, v.get(0));
      }
    }
    try {
      CompletedConnection done = flow.get().complete(provider, params, binding.hashFrom(request));
      metrics.get().flowCompleted(provider, "success");
      String target = done.returnTo() != null ? done.returnTo() : successPath;
      String separator = target.contains("?") ? "&" : "?";
      String id = URLEncoder.encode(done.connection().id(), StandardCharsets.UTF_8);
      return ServerResponse.status(HttpStatus.SEE_OTHER)
          .location(URI.create(target + separator + "connection_id=" + id))
          .headers(SignLinkConnectRoutes::noStore)
          .build();
    } catch (AuthorizationFlowException e) {
      metrics.get().flowCompleted(provider, e.code());
      LOG.info("callback for {} refused: {}", provider, e.code());
      return page(HttpStatus.BAD_REQUEST, e.reason().advice() + providerCode(e) + AGAIN);
    } catch (SignLinkException e) {
      metrics.get().flowCompleted(provider, e.code());
      LOG.warn("callback for {} failed: {}", provider, e.code());
      return page(
          HttpStatus.BAD_GATEWAY,
          "The connection could not be completed: " + e.getMessage() + AGAIN);
    }
  }

  /** The provider's error code, when it is made of code characters (SECURITY.md §callback-page). */
  private static String providerCode(AuthorizationFlowException e) {
    String code = e.providerError();
    return code != null && code.matches("[A-Za-z0-9_.-]{1,64}")
        ? " (the provider said: " + code + ")"
        : "";
  }

  private static ServerResponse page(HttpStatus status, String message) {
    return ServerResponse.status(status)
        .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
        .headers(SignLinkConnectRoutes::noStore)
        .body(message + "\n");
  }

  private static void noStore(HttpHeaders headers) {
    headers.setCacheControl("no-store");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
  }

  private static String origin(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + url.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  @Override
  public String toString() {
    return "SignLinkConnectRoutes[" + origin + "]";
  }
}
