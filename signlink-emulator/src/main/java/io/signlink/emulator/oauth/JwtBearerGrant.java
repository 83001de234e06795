package io.signlink.emulator.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.emulator.Provider;
import io.signlink.emulator.RegisteredClient;
import io.signlink.emulator.SeedUser;
import io.signlink.emulator.SeedUsers;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * DocuSign's JWT grant ({@code urn:ietf:params:oauth:grant-type:jwt-bearer}, RFC 7523 §2.1): the
 * assertion is an RS256 JWT signed with an RSA key registered for the integration key, with {@code
 * iss} = integration key, {@code sub} = user id, {@code aud} = the account server's bare host (here
 * the emulator's {@code host:port}), {@code iat}/{@code exp}, and {@code scope} containing {@code
 * impersonation}. Without the user's prior consent to those scopes the answer is {@code
 * consent_required} (docs/PROVIDERS.md; docusign-esign-java-client #111, #118). Errors use
 * DocuSign's terse descriptions ({@code no_valid_keys_or_signatures}, {@code user_not_found},
 * {@code issuer_not_found}). Tokens live one hour; no refresh token.
 *
 * <p>Thread-safe: stateless.
 */
public final class JwtBearerGrant implements GrantHandler {

  /** Tolerated clock difference for {@code iat} in the future (SECURITY.md §id-token). */
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final AuthServer server;

  public JwtBearerGrant(AuthServer server) {
    this.server = server;
  }

  @Override
  public IssuedTokens handle(TokenRequest request) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(request.required("assertion"));
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthException.invalidGrant("invalid_assertion: the assertion is not a signed JWT.");
    }
    if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
      throw OAuthException.invalidGrant(
          "no_valid_keys_or_signatures: the assertion must be signed with RS256.");
    }
    RegisteredClient client =
        server
            .clients()
            .find(Provider.DOCUSIGN, claims.getIssuer())
            .orElseThrow(() -> OAuthException.invalidGrant("issuer_not_found"));
    if (!verifies(jwt, client.jwtKeys())) {
      throw OAuthException.invalidGrant("no_valid_keys_or_signatures");
    }
    checkTimesAndAudience(claims);
    SeedUser user =
        SeedUsers.of(Provider.DOCUSIGN).stream()
            .filter(
                u ->
                    u.sub()
                        .equalsIgnoreCase(claims.getSubject() == null ? "" : claims.getSubject()))
            .findFirst()
            .orElseThrow(() -> OAuthException.invalidGrant("user_not_found"));
    List<String> scopes = scopes(claims);
    if (!server.consents().covers(client.clientId(), user.sub(), scopes)) {
      throw new OAuthException(
          "consent_required",
          "The user has not consented to "
              + String.join(" ", scopes)
              + " for this integration key. Send them to the consent URL: "
              + server.rules().accountBase()
              + "/oauth/auth?response_type=code&scope=signature%20impersonation"
              + "&client_id="
              + client.clientId()
              + "&redirect_uri=…");
    }
    Grant grant = server.store().newGrant(client, user, scopes, server.store().now());
    Duration ttl =
        server.rules().accessTokenTtl().compareTo(ProviderRules.JWT_GRANT_TTL) < 0
            ? server.rules().accessTokenTtl()
            : ProviderRules.JWT_GRANT_TTL;
    return server.store().issue(grant, scopes, ttl, null);
  }

  private static boolean verifies(SignedJWT jwt, List<RSAPublicKey> keys) {
    for (RSAPublicKey key : keys) {
      try {
        if (jwt.verify(new RSASSAVerifier(key))) {
          return true;
        }
      } catch (JOSEException e) {
        // try the next registered key
      }
    }
    return false;
  }

  private void checkTimesAndAudience(JWTClaimsSet claims) {
    Instant now = server.store().now();
    Date iat = claims.getIssueTime();
    Date exp = claims.getExpirationTime();
    if (iat == null || exp == null) {
      throw OAuthException.invalidGrant("invalid_assertion: iat and exp are required.");
    }
    if (iat.toInstant().isAfter(now.plus(SKEW))) {
      throw OAuthException.invalidGrant(
          "invalid_assertion: iat is in the future (check the clock).");
    }
    if (!exp.toInstant().isAfter(now)) {
      throw OAuthException.invalidGrant("invalid_assertion: the assertion has expired.");
    }
    if (claims.getAudience() == null
        || !claims.getAudience().contains(server.rules().jwtAudience())) {
      throw OAuthException.invalidGrant(
          "invalid_assertion: aud must be the bare host '"
              + server.rules().jwtAudience()
              + "' (no scheme, no path).");
    }
  }

  private List<String> scopes(JWTClaimsSet claims) {
    String scope;
    try {
      scope = claims.getStringClaim("scope");
    } catch (ParseException e) {
      throw new OAuthException("invalid_scope", "scope must be a space-separated string.");
    }
    List<String> scopes =
        scope == null
            ? List.of()
            : Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).distinct().toList();
    if (!scopes.contains("impersonation")) {
      throw new OAuthException(
          "invalid_scope", "The JWT grant needs scope 'signature impersonation'.");
    }
    for (String s : scopes) {
      if (!server.rules().scopes().containsKey(s)) {
        throw new OAuthException("invalid_scope", "Unknown scope '" + s + "'.");
      }
    }
    return scopes;
  }
}
