package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.signlink.emulator.Faults;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.profile.Quirk;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * The token endpoint (RFC 6749 §3.2): BoldSign's {@code /connect/token}, DocuSign's {@code
 * /oauth/token}. Counts the request, applies injected faults, requires a form body without repeated
 * parameters, authenticates the client (except for the JWT grant, whose assertion names it) and
 * dispatches by {@code grant_type} to one {@link GrantHandler}. Every answer carries {@code
 * Cache-Control: no-store}; errors are RFC 6749 §5.2 JSON.
 *
 * <p>Thread-safe: stateless; handlers and services are thread-safe.
 */
public final class TokenEndpoint {

  private final AuthServer server;
  private final ClientAuthenticator authenticator;
  private final Map<String, GrantHandler> handlers;

  public TokenEndpoint(AuthServer server, Map<String, GrantHandler> handlers) {
    this.server = server;
    this.authenticator = new ClientAuthenticator(server);
    this.handlers = Map.copyOf(handlers);
  }

  public void handle(Context ctx) {
    server.count("token");
    Map<String, List<String>> params = params(ctx);
    List<String> grantTypes = params.getOrDefault("grant_type", List.of());
    if (grantTypes.size() == 1) {
      server.count("token." + grantTypes.get(0));
    }
    if (injectedFault(ctx)) {
      return;
    }
    try {
      if (!HttpSupport.isForm(ctx) && !server.rules().has(Quirk.TOKEN_PARAMS_IN_QUERY)) {
        throw OAuthException.invalidRequest(
            "The token request must be application/x-www-form-urlencoded.");
      }
      String grantType = HttpSupport.required(params, "grant_type");
      GrantHandler handler = handlers.get(grantType);
      if (handler == null) {
        throw new OAuthException(
            "unsupported_grant_type",
            "Grant type '"
                + grantType
                + "' is not supported by "
                + server.rules().provider().displayName()
                + ".");
      }
      params
          .keySet()
          .forEach(name -> HttpSupport.single(params, name)); // RFC 6749 §3.2: no repeats
      RegisteredClient client =
          ProviderRules.JWT_BEARER.equals(grantType)
              ? null
              : authenticator.authenticate(ctx, params);
      IssuedTokens tokens = handler.handle(new TokenRequest(params, client));
      server.count("token.ok." + grantType);
      if (server.faults().takeLostTokenResponse()) {
        server.count("token.fault.lost_response");
        abortConnection(ctx);
        return;
      }
      HttpSupport.noStore(ctx);
      if (server.rules().has(Quirk.EXPIRES_IN_AS_EPOCH_ON_CODE_EXCHANGE)
          && grantType.equals("authorization_code")) {
        tokens = tokens.expiringAt(server.clock().instant());
      }
      ctx.json(
          tokens.toJson(
              server.rules().profile().tokenType(),
              server.rules().has(Quirk.EXPIRES_IN_AS_STRING)));
    } catch (OAuthException e) {
      server.count("token.error." + e.error());
      HttpSupport.oauthError(ctx, server, e);
    }
  }

  /** The form body, merged with the query string where the provider accepts it there (Zoho). */
  private Map<String, List<String>> params(Context ctx) {
    Map<String, List<String>> form = HttpSupport.isForm(ctx) ? ctx.formParamMap() : Map.of();
    if (!server.rules().has(Quirk.TOKEN_PARAMS_IN_QUERY)) {
      return form;
    }
    Map<String, List<String>> all = new LinkedHashMap<>(ctx.queryParamMap());
    form.forEach(
        (name, values) ->
            all.merge(
                name,
                values,
                (a, b) -> {
                  List<String> both = new java.util.ArrayList<>(a);
                  both.addAll(b);
                  return both;
                }));
    return all;
  }

  private boolean injectedFault(Context ctx) {
    Faults faults = server.faults();
    faults.holdTokenRequest();
    Optional<Faults.TokenFailure> failure = faults.takeTokenFailure();
    if (failure.isEmpty()) {
      return false;
    }
    int status = failure.get().status();
    server.count("token.fault." + status);
    if (failure.get().retryAfter() != null) {
      ctx.header("Retry-After", Long.toString(failure.get().retryAfter().toSeconds()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    Faults.TokenFailure f = failure.get();
    body.put(
        "error",
        f.error() != null
            ? f.error()
            : status >= 500 || status == 429 ? "temporarily_unavailable" : "invalid_request");
    body.put(
        "error_description",
        f.error() != null ? f.description() : "Injected fault (emulator): HTTP " + status + ".");
    HttpSupport.noStore(ctx);
    ctx.status(status).json(body);
    return true;
  }

  /**
   * Drops the connection without a response: the request took effect but the client cannot know.
   */
  private static void abortConnection(Context ctx) {
    ServletContextRequest.getServletContextRequest(ctx.req())
        .getServletChannel()
        .getEndPoint()
        .close(new IOException("emulator fault injection: response lost"));
  }
}
