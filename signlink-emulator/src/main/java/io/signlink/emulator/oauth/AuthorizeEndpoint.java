package io.signlink.emulator.oauth;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.profile.PkceMode;
import io.signlink.emulator.profile.Quirk;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2) of every profile: BoldSign's
 * {@code /connect/authorize}, DocuSign's {@code /oauth/auth}, Zoho's {@code /oauth/v2/auth}, ….
 *
 * <p>An unknown client or an unregistered redirect URI gets an error page, never a redirect (RFC
 * 6749 §4.1.2.1, or the server would be an open redirector); a provider that takes the callback
 * from the app's settings (Dropbox Sign) ignores {@code redirect_uri}. Every other problem is
 * redirected back as an error. PKCE follows the profile: S256 required (RFC 9700 §2.1.1; with
 * DocuSign's documented exception, the one-time consent URL for the JWT grant, {@code
 * scope=signature impersonation} without a challenge, whose code only a confidential client can
 * redeem), optional for confidential clients (Zoho), or ignored. Scopes come from the request,
 * split on the profile's separator, or from the profile when the provider takes them from the app's
 * settings. Then: {@code prompt=none} answers at once, auto-approve signs the default (or {@code
 * login_hint}) user in, and otherwise the consent page is shown.
 *
 * <p>Thread-safe: stateless; all state lives in the thread-safe {@link AuthServer} services.
 */
public final class AuthorizeEndpoint {

  private final AuthServer server;
  private final String consentPath;

  public AuthorizeEndpoint(AuthServer server, String consentPath) {
    this.server = server;
    this.consentPath = consentPath;
  }

  public void handle(Context ctx) {
    server.count("authorize");
    Map<String, List<String>> params = ctx.queryParamMap();
    RegisteredClient client;
    String redirectUri;
    try {
      String clientId = HttpSupport.single(params, "client_id");
      client = server.client(clientId).orElse(null);
      if (client == null) {
        HtmlPages.error(
            ctx,
            400,
            "Unknown client",
            clientId == null
                ? "The request has no client_id. Check the application's configuration."
                : "No application with client id '"
                    + clientId
                    + "' is registered with this "
                    + server.rules().provider().displayName()
                    + " emulator.");
        return;
      }
      redirectUri =
          server.rules().profile().redirectUriOnAuthorize()
              ? HttpSupport.single(params, "redirect_uri")
              : RedirectUris.appCallback(client, server.rules().provider());
      if (!RedirectUris.isRegistered(client, redirectUri)) {
        HtmlPages.error(
            ctx,
            400,
            "Invalid redirect URI",
            "The redirect_uri is missing or not registered for '"
                + client.clientId()
                + "'. Registered: "
                + String.join(", ", client.redirectUris())
                + " (http://127.0.0.1 entries accept any port).");
        return;
      }
    } catch (OAuthException repeated) {
      HtmlPages.error(ctx, 400, "Invalid request", repeated.description());
      return;
    }
    String state = null;
    try {
      state = HttpSupport.single(params, "state");
      decide(ctx, parse(params, client, redirectUri, state));
    } catch (OAuthException e) {
      AuthorizationResponses.error(
          ctx, server, redirectUri, state, e.error(), e.description(), HttpStatus.FOUND);
    }
  }

  private AuthorizationRequest parse(
      Map<String, List<String>> params, RegisteredClient client, String redirectUri, String state) {
    String responseType = HttpSupport.required(params, "response_type");
    if (!"code".equals(responseType)) {
      throw new OAuthException(
          "unsupported_response_type", "Only response_type=code is supported.");
    }
    ProviderRules rules = server.rules();
    List<String> scopes =
        rules.profile().scopeOnAuthorize()
            ? rules.splitScopes(HttpSupport.required(params, "scope"))
            : rules.profile().defaultScopes();
    for (String scope : scopes) {
      if (!isKnownScope(rules, scope)) {
        throw new OAuthException("invalid_scope", "Unknown scope '" + scope + "'.");
      }
    }
    String challenge = HttpSupport.single(params, "code_challenge");
    String method = HttpSupport.single(params, "code_challenge_method");
    PkceMode pkce = rules.profile().pkce();
    if (pkce == PkceMode.IGNORED) {
      challenge = null;
      method = null;
    }
    boolean consentOnly =
        rules.has(Quirk.CONSENT_ONLY_WITHOUT_PKCE)
            && scopes.contains("impersonation")
            && challenge == null
            && method == null;
    boolean pkceOptional =
        pkce == PkceMode.IGNORED
            || (pkce == PkceMode.OPTIONAL && challenge == null && method == null);
    if ((consentOnly || pkceOptional) && client.isPublic()) {
      throw OAuthException.invalidRequest(
          "Public clients must use PKCE (code_challenge with S256).");
    }
    if (!consentOnly && !pkceOptional) {
      if (challenge == null) {
        throw OAuthException.invalidRequest(
            "code_challenge is required: this server enforces PKCE with S256 (RFC 7636, RFC 9700 §2.1.1).");
      }
      if (!"S256".equals(method)) {
        throw OAuthException.invalidRequest(
            "code_challenge_method must be S256; plain is not supported.");
      }
      if (!Pkce.isWellFormedChallenge(challenge)) {
        throw OAuthException.invalidRequest(
            "code_challenge must be 43 base64url characters (RFC 7636 §4.2).");
      }
    }
    Set<String> prompt = new LinkedHashSet<>(split(HttpSupport.single(params, "prompt")));
    if (prompt.contains("none") && prompt.size() > 1) {
      throw OAuthException.invalidRequest("prompt=none cannot be combined with other values.");
    }
    return new AuthorizationRequest(
        client,
        redirectUri,
        scopes,
        state,
        HttpSupport.single(params, "nonce"),
        challenge,
        prompt,
        HttpSupport.single(params, "login_hint"),
        HttpSupport.single(params, "access_type"));
  }

  /** A scope of the profile, or one with a modifier ({@code agreement_read:account}). */
  private static boolean isKnownScope(ProviderRules rules, String scope) {
    int colon = scope.indexOf(':');
    return rules.scopes().containsKey(scope)
        || (colon > 0 && rules.scopes().containsKey(scope.substring(0, colon)));
  }

  private void decide(Context ctx, AuthorizationRequest request) {
    Provider provider = server.rules().provider();
    SeedUser user =
        server
            .rules()
            .findUser(request.loginHint())
            .or(() -> server.consents().signedIn(provider))
            .orElse(server.rules().defaultUser());
    if (request.prompt().contains("none")) {
      if (server.autoApprove()
          || server.consents().covers(request.client().clientId(), user.sub(), request.scopes())) {
        approve(ctx, server, request, user, HttpStatus.FOUND);
      } else {
        throw new OAuthException(
            "login_required", "prompt=none, but the user has to sign in and consent first.");
      }
      return;
    }
    if (server.autoApprove() && !request.forcesInteraction()) {
      approve(ctx, server, request, user, HttpStatus.FOUND);
      return;
    }
    PendingConsents.Pending pending = server.pending().add(request);
    ctx.header(
        "Set-Cookie",
        ConsentEndpoint.cookieName(pending)
            + "="
            + pending.browserBinding()
            + "; Path=/; Max-Age="
            + PendingConsents.LIFETIME.toSeconds()
            + "; HttpOnly; SameSite=Strict");
    HtmlPages.consent(ctx, server, pending, consentPath, user);
  }

  /** Records the consent, issues a code and redirects back with it. */
  static void approve(
      Context ctx,
      AuthServer server,
      AuthorizationRequest request,
      SeedUser user,
      HttpStatus status) {
    String clientId = request.client().clientId();
    boolean consentedBefore = server.consents().covers(clientId, user.sub(), request.scopes());
    server.consents().record(clientId, user.sub(), request.scopes());
    String region = regionOf(server, user);
    ProviderRules rules = server.rules();
    String code =
        server
            .store()
            .issueCode(
                request,
                user,
                rules.codeTtl(),
                region,
                rules.issuesRefreshToken(request, consentedBefore));
    server.count("authorize.code");
    AuthorizationResponses.code(
        ctx, server, request, code, rules.templateValues(user, region, clientId), status);
  }

  /**
   * The region a new grant belongs to: the one whose host was asked (SignNow's evaluation stack),
   * else the user's own (Acrobat Sign shard, Zoho data centre), else the first, else none.
   */
  private static String regionOf(AuthServer server, SeedUser user) {
    if (server.region() != null) {
      return server.region();
    }
    if (user.region() != null) {
      return user.region();
    }
    return server.rules().profile().regions().stream().findFirst().orElse(null);
  }

  private static List<String> split(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(" ")).filter(s -> !s.isEmpty()).distinct().toList();
  }
}
