package io.signlink.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.signlink.error.ConfigurationException;
import io.signlink.provider.ProviderProfile;
import io.signlink.provider.ScopePlacement;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes the authorization request of a consent flow (RFC 6749 §4.1.1, OIDC Core §3.1.2.1): a fresh
 * {@code state} (256 bits, SECURITY.md §state), a {@code nonce} for OpenID providers (SECURITY.md
 * §nonce), a PKCE pair with {@code S256} (SECURITY.md §pkce), {@code response_type=code} and
 * nothing else (SECURITY.md §code-flow-only), exactly the profile's scopes (SECURITY.md §scopes),
 * and the profile's extra parameters, which may not override any of these. The URL is built by
 * Nimbus; the returned {@link PendingAuthorization} records the issuer and the exact redirect URI
 * sent (SECURITY.md §redirect-uri, §discovery) and expires after the TTL (default 10 minutes,
 * SECURITY.md §pending-authorizations).
 *
 * <p>Thread-safe.
 */
public final class AuthorizationRequests {
  /**
   * How long a consent may take before its callback is refused (SECURITY.md
   * §pending-authorizations).
   */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Parameters SignLink sets itself; a profile's extra parameters may not replace them. */
  private static final Set<String> RESERVED =
      Set.of(
          "response_type",
          "response_mode",
          "client_id",
          "redirect_uri",
          "scope",
          "state",
          "nonce",
          "code_challenge",
          "code_challenge_method",
          "request",
          "request_uri");

  private final Clock clock;
  private final Duration ttl;
  private final RandomValues random;

  public AuthorizationRequests(Clock clock) {
    this(clock, DEFAULT_TTL, new SecureRandom());
  }

  public AuthorizationRequests(Clock clock, Duration ttl, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    this.random = new RandomValues(Objects.requireNonNull(random, "random"));
  }

  /**
   * Builds the authorization URL and the pending authorization to save.
   *
   * @param redirectUri the configured callback URL of this provider, never one derived from request
   *     headers (SECURITY.md §redirect-uri)
   * @param browserBinding a hash of the browser's binding cookie, or {@code null} (CLI)
   * @param returnTo a local path (one leading {@code /}) to return to afterwards, or {@code null}
   * @throws IllegalArgumentException when {@code returnTo} is not a local path (SECURITY.md
   *     §open-redirect)
   * @throws ConfigurationException when the profile cannot make a valid request
   */
  public AuthorizationStart start(
      ProviderProfile profile,
      String owner,
      URI redirectUri,
      String browserBinding,
      String returnTo) {
    return start(
        profile,
        PendingAuthorization.DEFAULT_APPLICATION,
        owner,
        redirectUri,
        browserBinding,
        returnTo);
  }

  /**
   * As {@link #start(ProviderProfile, String, URI, String, String)}, for a connection that will
   * belong to {@code applicationId}.
   */
  public AuthorizationStart start(
      ProviderProfile profile,
      String applicationId,
      String owner,
      URI redirectUri,
      String browserBinding,
      String returnTo) {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(redirectUri, "redirectUri");
    if (returnTo != null && !isLocalPath(returnTo)) {
      throw new IllegalArgumentException(
          "returnTo must be a local path starting with a single '/', without scheme or host");
    }
    checkProfile(profile);
    Secret state = random.next();
    Secret nonce = profile.openId() ? random.next() : null;
    Pkce pkce = Pkce.generate(random.secureRandom());
    URI url = buildUrl(profile, redirectUri, state, nonce, pkce);
    Instant now = clock.instant();
    PendingAuthorization pending =
        new PendingAuthorization(
            state,
            profile.id(),
            profile.issuer(),
            owner,
            redirectUri.toString(),
            pkce.verifier(),
            nonce,
            browserBinding,
            returnTo,
            now,
            now.plus(ttl),
            applicationId);
    return new AuthorizationStart(url, pending);
  }

  private static URI buildUrl(
      ProviderProfile profile, URI redirectUri, Secret state, Secret nonce, Pkce pkce) {
    ClientID client = new ClientID(profile.clientId());
    // Scopes go on the URL unless the provider takes them elsewhere (its definition's
    // scopes.placement), joined by its separator (a space, RFC 6749 §3.3, unless it says
    // otherwise).
    Scope scope =
        profile.scopePlacement() == ScopePlacement.AUTHORIZATION
            ? TokenClient.scope(profile, profile.scopes())
            : null;
    // Nimbus computes the S256 challenge from the verifier; Pkce.challengeOf gives the same value.
    // A provider that does not accept PKCE gets no challenge (and no verifier at the exchange).
    CodeVerifier verifier = profile.pkce() ? new CodeVerifier(pkce.verifier().reveal()) : null;
    if (profile.openId()) {
      AuthenticationRequest.Builder b =
          new AuthenticationRequest.Builder(ResponseType.CODE, scope, client, redirectUri)
              .endpointURI(profile.authorizationEndpoint())
              .state(new State(state.reveal()))
              .nonce(new Nonce(nonce.reveal()))
              .codeChallenge(verifier, verifier == null ? null : CodeChallengeMethod.S256);
      for (Map.Entry<String, String> e : profile.extraAuthorizationParameters().entrySet()) {
        b.customParameter(e.getKey(), e.getValue());
      }
      return b.build().toURI();
    }
    AuthorizationRequest.Builder b =
        new AuthorizationRequest.Builder(ResponseType.CODE, client)
            .endpointURI(profile.authorizationEndpoint())
            .redirectionURI(redirectUri)
            .scope(scope)
            .state(new State(state.reveal()))
            .codeChallenge(verifier, verifier == null ? null : CodeChallengeMethod.S256);
    for (Map.Entry<String, String> e : profile.extraAuthorizationParameters().entrySet()) {
      b.customParameter(e.getKey(), e.getValue());
    }
    return b.build().toURI();
  }

  private static void checkProfile(ProviderProfile profile) {
    for (String name : profile.extraAuthorizationParameters().keySet()) {
      if (RESERVED.contains(name)) {
        throw new ConfigurationException(
            "providers." + profile.id() + ".extraAuthorizationParameters",
            "'" + name + "' is set by SignLink itself and cannot be overridden; remove it");
      }
    }
    if (profile.openId() && !profile.scopes().contains("openid")) {
      throw new ConfigurationException(
          "providers." + profile.id() + ".scopes",
          "an OpenID Connect provider needs the 'openid' scope; add it");
    }
  }

  /**
   * True for a path on this site: one leading {@code /}, no {@code //} or {@code /\} (which
   * browsers treat as another host), no scheme, no control characters (SECURITY.md §open-redirect).
   */
  public static boolean isLocalPath(String path) {
    if (path.isEmpty() || path.length() > 2048 || path.charAt(0) != '/') {
      return false;
    }
    if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isISOControl(c) || c == '\\' || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }
}
