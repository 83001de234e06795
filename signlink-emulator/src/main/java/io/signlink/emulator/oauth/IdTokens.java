package io.signlink.emulator.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.signlink.emulator.Faults;
import io.signlink.emulator.SeedUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs OIDC ID tokens (OIDC Core §2) with the current key of {@link SigningKeys}: RS256 with a
 * {@code kid}, {@code iss}, {@code sub}, {@code aud} = client id, {@code exp}, {@code iat}, {@code
 * auth_time}, the request's {@code nonce} (not on refresh, OIDC Core §12.2), and the profile/email
 * claims the granted scopes allow. Lifetime 5 minutes, IdentityServer's default.
 *
 * <p>Thread-safe: stateless apart from the thread-safe key holder and clock.
 */
public final class IdTokens {

  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private final SigningKeys keys;
  private final Clock clock;
  private RSAKey unpublished;

  public IdTokens(SigningKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public String issue(String issuer, Grant grant, String nonce) {
    return issue(issuer, grant, nonce, null);
  }

  /**
   * An ID token spoiled by {@code fault} ({@code null} for a good one), for tests of what a client
   * does with a refresh answer it must refuse.
   */
  public String issue(String issuer, Grant grant, String nonce, Faults.RefreshAnswerFault fault) {
    if (fault == Faults.RefreshAnswerFault.NOT_A_JWT) {
      return "not-a-jwt";
    }
    Instant now = clock.instant();
    SeedUser user = grant.user();
    List<String> scopes = grant.scopes();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(user.sub())
            .audience(grant.client().clientId())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .claim("auth_time", grant.authTime().getEpochSecond())
            .claim("idp", "local")
            .claim("amr", List.of("pwd"));
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (scopes.contains("profile")) {
      claims
          .claim("name", user.name())
          .claim("given_name", user.givenName())
          .claim("family_name", user.familyName());
    }
    if (scopes.contains("email")) {
      claims.claim("email", user.email()).claim("email_verified", true);
    }
    if (fault != null) {
      spoil(claims, fault, now);
    }
    RSAKey key = keys.current();
    if (fault == Faults.RefreshAnswerFault.UNKNOWN_KID) {
      key = unpublishedKey();
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign an ID token", e);
    }
    String compact = jwt.serialize();
    if (fault == Faults.RefreshAnswerFault.BAD_SIGNATURE) {
      // flip one character of the signature: the kid is right, the signature is not
      int i = compact.length() - 5;
      char c = compact.charAt(i);
      compact = compact.substring(0, i) + (c == 'A' ? 'B' : 'A') + compact.substring(i + 1);
    }
    return compact;
  }

  private static void spoil(
      JWTClaimsSet.Builder claims, Faults.RefreshAnswerFault fault, Instant now) {
    switch (fault) {
      case WRONG_ISSUER -> claims.issuer("https://elsewhere.example");
      case WRONG_AUDIENCE -> claims.audience("another-client");
      case SUBJECT_CHANGED -> claims.subject("someone-else");
      case AZP_CHANGED -> claims.claim("azp", "another-client");
      case EXPIRED ->
          claims
              .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
              .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(20))))
              .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))));
      case NONCE_ADDED -> claims.claim("nonce", "a-nonce-from-nowhere");
      case MALFORMED_AUTH_TIME -> claims.claim("auth_time", "yesterday");
      default -> {
        // the other faults spoil the signature or the response, not the claims
      }
    }
  }

  /** A key that no JWKS of this emulator ever publishes. */
  private synchronized RSAKey unpublishedKey() {
    if (unpublished == null) {
      try {
        unpublished = new RSAKeyGenerator(2048).keyID("never-published").generate();
      } catch (JOSEException e) {
        throw new IllegalStateException("Could not generate an RSA key", e);
      }
    }
    return unpublished;
  }
}
