package io.signlink.provider.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.signlink.error.InvalidResponseException;
import io.signlink.oauth.Secret;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The claim rules of OpenID Connect Core §3.1.3.7 and §12.2, applied after the signature has been
 * verified. Each failure names the check, never the token or the nonce. Stateless.
 */
final class IdTokenClaimsCheck {
  private final String providerId;
  private final String issuer;
  private final String clientId;
  private final IdTokenPolicy policy;

  IdTokenClaimsCheck(String providerId, String issuer, String clientId, IdTokenPolicy policy) {
    this.providerId = providerId;
    this.issuer = issuer;
    this.clientId = clientId;
    this.policy = policy;
  }

  /** Checks iss, sub, aud, azp, exp, iat (SECURITY.md §id-token) and returns the claims. */
  IdTokenClaims standard(JWTClaimsSet claims, Instant now) {
    String iss = claims.getIssuer();
    if (iss == null) {
      throw fail("iss_missing", "iss is missing");
    }
    if (!iss.equals(issuer)) {
      // Exact comparison: a trailing slash or a case variant is another issuer (OIDC Core §3.1.3.7
      // SECURITY.md §pkce).
      throw fail("iss", "iss does not equal the configured issuer " + issuer);
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank()) {
      throw fail("sub_missing", "sub is missing");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.isEmpty()) {
      throw fail("aud_missing", "aud is missing");
    }
    if (!aud.contains(clientId)) {
      throw fail("aud", "aud does not contain this client's id");
    }
    for (String a : aud) {
      if (!a.equals(clientId) && !policy.trustedAudiences().contains(a)) {
        throw fail("aud_untrusted", "aud names an audience this client does not trust");
      }
    }
    String azp = stringClaim(claims, "azp");
    if (aud.size() > 1 && azp == null) {
      throw fail("azp_missing", "azp is missing although aud names several audiences");
    }
    if (azp != null && !azp.equals(clientId)) {
      throw fail("azp", "azp is not this client's id");
    }
    Instant exp = instant(claims.getExpirationTime());
    if (exp == null) {
      throw fail("exp_missing", "exp is missing");
    }
    if (now.isAfter(exp.plus(policy.leeway()))) {
      throw fail(
          "expired",
          "the token expired (exp is past, beyond the allowed clock skew of "
              + policy.leeway()
              + ")");
    }
    Instant iat = instant(claims.getIssueTime());
    if (iat == null) {
      throw fail("iat_missing", "iat is missing");
    }
    if (iat.isAfter(now.plus(policy.leeway()))) {
      throw fail(
          "iat_future",
          "iat is in the future beyond the allowed clock skew of "
              + policy.leeway()
              + "; check this machine's clock");
    }
    return new IdTokenClaims(
        iss,
        sub,
        aud,
        azp,
        iat,
        exp,
        optionalString(claims, "name"),
        optionalString(claims, "email"));
  }

  /** The nonce must equal the one sent with the authorization request (SECURITY.md §nonce). */
  void nonce(JWTClaimsSet claims, Secret expected) {
    String nonce = stringClaim(claims, "nonce");
    if (nonce == null || nonce.isEmpty()) {
      throw fail("nonce_missing", "nonce is missing");
    }
    if (!expected.equals(Secret.of(nonce))) {
      throw fail("nonce", "nonce does not match the one sent with the authorization request");
    }
  }

  /**
   * OIDC Core §12.2: a refreshed ID token keeps iss, sub, aud and azp (SECURITY.md
   * §refreshed-id-token).
   */
  void sameParty(IdTokenClaims refreshed, IdTokenClaims original) {
    if (!refreshed.issuer().equals(original.issuer())) {
      throw fail("iss_changed", "the refreshed ID token has another iss than the original");
    }
    if (!refreshed.subject().equals(original.subject())) {
      throw fail("sub_changed", "the refreshed ID token has another sub than the original");
    }
    if (!new java.util.HashSet<>(refreshed.audience())
        .equals(new java.util.HashSet<>(original.audience()))) {
      throw fail("aud_changed", "the refreshed ID token has another aud than the original");
    }
    if (!Objects.equals(refreshed.authorizedParty(), original.authorizedParty())) {
      throw fail("azp_changed", "the refreshed ID token has another azp than the original");
    }
  }

  /**
   * A failed check: {@code check} is its stable name (docs/REFRESH-ANSWERS.md), {@code what} says
   * what was wrong without quoting the token.
   */
  /**
   * Optional members SignLink reads must have their registered types when present: {@code
   * auth_time} a number (OIDC Core §2). A provider sending garbage there sends an answer SignLink
   * cannot trust (docs/REFRESH-ANSWERS.md, check {@code malformed_claim}).
   */
  void optionalMembers(JWTClaimsSet claims) {
    Object authTime = claims.getClaim("auth_time");
    if (authTime != null && !(authTime instanceof Number)) {
      throw fail("malformed_claim", "auth_time is not a number");
    }
    for (String name : List.of("name", "email", "nonce")) {
      Object v = claims.getClaim(name);
      if (v != null && !(v instanceof String)) {
        throw fail("malformed_claim", name + " is not a string");
      }
    }
  }

  /**
   * OIDC Core §12.2: a refreshed ID token should carry no {@code nonce}; when it does, it must be
   * the original's. {@code original} {@code null} (unreadable) skips the check.
   */
  void sameNonce(JWTClaimsSet refreshed, JWTClaimsSet original) {
    if (original == null) {
      return;
    }
    Object nonce = refreshed.getClaim("nonce");
    if (nonce != null && !nonce.equals(original.getClaim("nonce"))) {
      throw fail("nonce", "the refreshed ID token carries a nonce the original did not");
    }
  }

  InvalidResponseException fail(String check, String what) {
    return new InvalidResponseException(
        InvalidResponseException.Kind.INVALID_ID_TOKEN,
        check,
        "The ID token from "
            + providerId
            + " was rejected ("
            + check
            + "): "
            + what
            + ". Start the sign-in again;"
            + " if it keeps failing, check the provider configuration (issuer, client id, clock).",
        null);
  }

  private String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      throw fail("claim_type", name + " is not a string");
    }
  }

  private static String optionalString(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static Instant instant(java.util.Date date) {
    return date == null ? null : date.toInstant();
  }
}
