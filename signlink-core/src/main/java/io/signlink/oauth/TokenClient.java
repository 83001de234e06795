package io.signlink.oauth;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.JWTBearerGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import io.signlink.error.ConfigurationException;
import io.signlink.error.ProviderRejectedException;
import io.signlink.http.ErrorResponses;
import io.signlink.http.HttpResult;
import io.signlink.http.HttpTransport;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ScopePlacement;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the token endpoint grants SignLink uses and the RFC 7009 revocation request, with Nimbus
 * building each request and {@link HttpTransport} carrying it (capped at {@link
 * #MAX_RESPONSE_BYTES}, no redirects). Client authentication follows {@code profile.clientAuth()}:
 * HTTP Basic (RFC 6749 §2.3.1, the default), the secret in the form body, or for a public client
 * only {@code client_id} in the body. Secrets, codes and tokens travel only in the body or the
 * {@code Authorization} header, never in a URL (SECURITY.md §client-auth).
 *
 * <p>Nothing here retries: a code exchange must never be re-sent once it may have reached the
 * provider (SECURITY.md §token-requests), and refresh retries are the token manager's decision,
 * which needs {@link io.signlink.error.TransientException#outcomeUnknown()} to make it. Responses
 * are validated by {@link TokenResponses} (SECURITY.md §token-response).
 *
 * <p>Thread-safe; one instance serves every provider.
 */
public final class TokenClient {
  /**
   * Token and revocation responses are small; anything larger is refused (SECURITY.md
   * §token-response).
   */
  public static final long MAX_RESPONSE_BYTES = 64 * 1024;

  static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

  private static final Logger log = LoggerFactory.getLogger(TokenClient.class);

  private final HttpTransport http;
  private final Clock clock;

  public TokenClient(HttpTransport http, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Exchanges an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5): {@code code}, the redirect
   * URI byte for byte as sent at begin, and the PKCE verifier (SECURITY.md §token-requests). Sent
   * once; on a {@link io.signlink.error.TransientException} the user must start again (SECURITY.md
   * §token-requests).
   */
  public TokenSet exchangeCode(ProviderProfile profile, Secret code, PendingAuthorization pending) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(pending, "pending");
    // A provider without PKCE (its definition says "pkce": false) gets no code_verifier.
    AuthorizationGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code.reveal()),
            URI.create(pending.redirectUri()),
            profile.pkce() ? new CodeVerifier(pending.codeVerifier().reveal()) : null);
    // Some providers take the scope on the code exchange instead of the authorization URL.
    List<String> scopeOnExchange =
        profile.scopePlacement() == ScopePlacement.TOKEN ? profile.scopes() : null;
    Map<String, String> extra =
        profile.quirks().stateInCodeExchange()
            ? Map.of("state", pending.state().reveal()) // Dropbox Sign requires it back
            : Map.of();
    return token(profile, grant, scopeOnExchange, profile.scopes(), "authorization_code", extra);
  }

  /**
   * Refreshes (RFC 6749 §6). {@code scopes} is {@code null} to send no {@code scope} (the grant's
   * own scope, the default) or exactly the granted scope; never a wider one (SECURITY.md §scopes).
   * A response without a new refresh token means the old one stays valid: merge with {@link
   * TokenSet#mergeRefreshed(TokenSet)}.
   */
  public TokenSet refresh(ProviderProfile profile, Secret refreshToken, Collection<String> scopes) {
    try {
      return refreshAnswer(profile, refreshToken, scopes);
    } catch (RejectedRefreshAnswer rejected) {
      throw rejected.reason();
    }
  }

  /**
   * As {@link #refresh}, for callers that store what the provider rotated: a 200 answer that fails
   * a check after its refresh token was read is thrown as {@link RejectedRefreshAnswer} carrying
   * that refresh token (SECURITY.md §rotation, docs/REFRESH-ANSWERS.md).
   */
  public TokenSet refreshAnswer(
      ProviderProfile profile, Secret refreshToken, Collection<String> scopes) {
    Objects.requireNonNull(refreshToken, "refreshToken");
    AuthorizationGrant grant = new RefreshTokenGrant(new RefreshToken(refreshToken.reveal()));
    ClientAuthentication auth = clientAuthentication(profile);
    Scope scope = scope(profile, scopes);
    URI endpoint = profile.refreshEndpointOrToken();
    TokenRequest request =
        auth == null
            ? new TokenRequest(endpoint, new ClientID(profile.clientId()), grant, scope)
            : new TokenRequest(endpoint, auth, grant, scope);
    return send(profile, request.toHTTPRequest(), scopes, "refresh_token", true);
  }

  /** Client credentials (RFC 6749 §4.4), e.g. BoldSign server-to-server; needs a secret. */
  public TokenSet clientCredentials(ProviderProfile profile, Collection<String> scopes) {
    if (profile.isPublicClient()) {
      throw new ConfigurationException(
          "providers." + profile.id() + ".clientSecret",
          "the client credentials grant needs a confidential client; configure the client secret");
    }
    return token(profile, new ClientCredentialsGrant(), scopes, scopes, "client_credentials");
  }

  /**
   * JWT bearer grant (RFC 7523 §2.1), DocuSign's server-to-server flow. The signed assertion is the
   * client's proof, so, as DocuSign documents the request, no other client authentication is sent.
   *
   * @param assertion a compact signed JWT, built by the provider's assertion builder
   */
  public TokenSet jwtBearer(ProviderProfile profile, Secret assertion, Collection<String> scopes) {
    Objects.requireNonNull(assertion, "assertion");
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(assertion.reveal());
    } catch (ParseException e) {
      throw new IllegalArgumentException("the assertion is not a compact signed JWT");
    }
    Scope scope = scope(profile, scopes);
    TokenRequest request =
        new TokenRequest(profile.tokenEndpoint(), new JWTBearerGrant(jwt), scope);
    return send(profile, request.toHTTPRequest(), scopes, JWT_BEARER);
  }

  /**
   * Revokes a token (RFC 7009). Returns {@link RevocationResult#NOT_SUPPORTED} without sending
   * anything when the profile has no revocation endpoint.
   */
  public RevocationResult revoke(ProviderProfile profile, Secret token, TokenTypeHint hint) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(hint, "hint");
    if (profile.revocationEndpoint() == null) {
      log.info("Provider {} has no revocation endpoint; nothing was revoked there", profile.id());
      return RevocationResult.NOT_SUPPORTED;
    }
    // Nimbus derives token_type_hint from the token's class (RFC 7009 §2.1).
    Token nimbusToken =
        hint == TokenTypeHint.REFRESH_TOKEN
            ? new RefreshToken(token.reveal())
            : new BearerAccessToken(token.reveal());
    ClientAuthentication auth = clientAuthentication(profile);
    TokenRevocationRequest request =
        auth == null
            ? new TokenRevocationRequest(
                profile.revocationEndpoint(), new ClientID(profile.clientId()), nimbusToken)
            : new TokenRevocationRequest(profile.revocationEndpoint(), auth, nimbusToken);
    HTTPRequest nimbus = request.toHTTPRequest();
    HttpResult result =
        http.send(
            profile.quirks().revocationTokenInQuery()
                ? NimbusRequests.toJdkWithQueryParameter(nimbus, "token")
                : NimbusRequests.toJdk(nimbus),
            MAX_RESPONSE_BYTES);
    if (!result.isSuccess()) {
      throw ErrorResponses.classify(
          profile.id(), "revocation request", result, clock, profile.quirks()::standardErrorCode);
    }
    // RFC 7009 §2.2 success carries no error; Zoho answers its errors with HTTP 200.
    var refusal = ErrorResponses.oauthError(result);
    if (refusal.isPresent()) {
      String code = profile.quirks().standardErrorCode(refusal.get().code());
      throw new ProviderRejectedException(
          profile.id(),
          code,
          refusal.get().description(),
          result.status(),
          null,
          ErrorResponses.advice(code));
    }
    log.info(
        "Provider {} accepted the revocation of a {}",
        profile.id(),
        hint.name().toLowerCase(java.util.Locale.ROOT));
    return RevocationResult.REVOKED;
  }

  private TokenSet token(
      ProviderProfile profile,
      AuthorizationGrant grant,
      Collection<String> scopeToSend,
      Collection<String> requestedScopes,
      String grantName) {
    return token(profile, grant, scopeToSend, requestedScopes, grantName, Map.of());
  }

  /**
   * As above, with parameters a provider wants beyond RFC 6749's ({@link
   * io.signlink.provider.ProtocolQuirks}).
   */
  private TokenSet token(
      ProviderProfile profile,
      AuthorizationGrant grant,
      Collection<String> scopeToSend,
      Collection<String> requestedScopes,
      String grantName,
      Map<String, String> extraParameters) {
    ClientAuthentication auth = clientAuthentication(profile);
    Scope scope = scope(profile, scopeToSend);
    TokenRequest.Builder request =
        auth == null
            ? new TokenRequest.Builder(
                profile.tokenEndpoint(), new ClientID(profile.clientId()), grant)
            : new TokenRequest.Builder(profile.tokenEndpoint(), auth, grant);
    if (scope != null && grant instanceof AuthorizationCodeGrant) {
      // RFC 6749 has no scope on the code exchange, so Nimbus drops it; a provider that wants it
      // there (scopes.placement = token) gets it as a plain parameter.
      request.customParameter("scope", scope.toString());
    } else if (scope != null) {
      request.scope(scope);
    }
    extraParameters.forEach(request::customParameter);
    return send(profile, request.build().toHTTPRequest(), requestedScopes, grantName);
  }

  private TokenSet send(
      ProviderProfile profile, HTTPRequest request, Collection<String> requested, String grant) {
    return send(profile, request, requested, grant, false);
  }

  private TokenSet send(
      ProviderProfile profile,
      HTTPRequest request,
      Collection<String> requested,
      String grant,
      boolean keepRotation) {
    log.debug("Token request to {} (grant {})", profile.id(), grant);
    HttpResult result = http.send(NimbusRequests.toJdk(request), MAX_RESPONSE_BYTES);
    TokenSet tokens =
        TokenResponses.parse(profile, result, requested, clock.instant(), clock, keepRotation);
    log.debug(
        "Token response from {} (grant {}): refresh token {}, expires {}",
        profile.id(),
        grant,
        tokens.refreshToken() == null ? "absent" : "present",
        tokens.accessExpiresAt());
    return tokens;
  }

  /**
   * {@code null} for a public client, whose {@code client_id} goes in the body (RFC 6749 §3.2.1).
   */
  private static ClientAuthentication clientAuthentication(ProviderProfile profile) {
    ClientID id = new ClientID(profile.clientId());
    return switch (profile.clientAuth()) {
      case CLIENT_SECRET_BASIC ->
          new ClientSecretBasic(
              id, new com.nimbusds.oauth2.sdk.auth.Secret(profile.clientSecret().reveal()));
      case CLIENT_SECRET_POST ->
          new ClientSecretPost(
              id, new com.nimbusds.oauth2.sdk.auth.Secret(profile.clientSecret().reveal()));
      case NONE -> null;
    };
  }

  /**
   * The scope parameter: one value per scope, joined with spaces (RFC 6749 §3.3), or for a provider
   * with another separator (its definition's {@code scopes.separator}) one value already joined.
   */
  static Scope scope(ProviderProfile profile, Collection<String> scopes) {
    if (scopes == null || scopes.isEmpty()) {
      return null;
    }
    return profile.scopeSeparator().equals(" ")
        ? new Scope(List.copyOf(scopes).toArray(String[]::new))
        : new Scope(profile.scopeParameter(scopes));
  }
}
